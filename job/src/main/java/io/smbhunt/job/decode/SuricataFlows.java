package io.smbhunt.job.decode;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SuricataFlow;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One Suricata flow's records, keyed by flow ({@link SuricataFlow#key}), completed by each other: a
 * CREATE takes the share of its tree's connect, a write the user of its session, whatever file or
 * line each was read from, and in whatever order (SPEC §3; the rules are {@link SuricataFlow}'s).
 *
 * <p>The records wait in keyed state until event time has passed the flow's newest record by the
 * idle time; then the flow is completed, sent on and forgotten. In BATCH mode (and over archives in
 * STREAMING, where event time waits for the end of the input) that is the end of the key, with all
 * its records. In a watched folder a record more than the idle time after the flow's last one
 * starts it anew, which is where {@link SuricataFlow#resolve} also splits a flow it sees whole: the
 * modes agree.
 */
public class SuricataFlows extends KeyedProcessFunction<String, FlowRecord, FlowRecord> {

  static final TypeInformation<FlowRecord> FLOW_TYPE = TypeInformation.of(FlowRecord.class);

  private final long idleMillis;

  private transient ListState<FlowRecord> records;
  private transient ValueState<Long> dueAt;

  public SuricataFlows(long idleMillis) {
    this.idleMillis = idleMillis;
  }

  @Override
  public void open(OpenContext openContext) {
    records =
        getRuntimeContext().getListState(new ListStateDescriptor<>("flow-records", FLOW_TYPE));
    dueAt = getRuntimeContext().getState(new ValueStateDescriptor<>("due-at", Types.LONG));
  }

  @Override
  public void processElement(FlowRecord record, Context ctx, Collector<FlowRecord> out)
      throws Exception {
    records.add(record);
    long due =
        record.timestamp > Long.MAX_VALUE - idleMillis
            ? Long.MAX_VALUE
            : record.timestamp + idleMillis;
    Long registered = dueAt.value();
    if (registered == null || due > registered) {
      if (registered != null) {
        ctx.timerService().deleteEventTimeTimer(registered);
      }
      ctx.timerService().registerEventTimeTimer(due);
      dueAt.update(due);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlowRecord> out)
      throws Exception {
    List<FlowRecord> flow = new ArrayList<>();
    for (FlowRecord r : records.get()) {
      flow.add(r);
    }
    for (FlowRecord r : SuricataFlow.resolve(flow, idleMillis)) {
      out.collect(r);
    }
    records.clear();
    dueAt.clear();
  }
}
