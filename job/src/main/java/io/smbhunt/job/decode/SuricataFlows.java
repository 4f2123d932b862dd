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
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One Suricata flow's records, keyed by flow ({@link SuricataFlow#key}), completed by each other: a
 * CREATE takes the share of its tree's connect, a write the user of its session, whatever file or
 * line each was read from, and in whatever order (SPEC §3; the rules are {@link SuricataFlow}'s).
 *
 * <p>Records wait in keyed state until event time has passed the flow's newest record by {@code
 * decideAfterMillis} (the connection idle time); then they are completed and sent on, and the flow
 * keeps only the records later ones may learn from (tree connects, sign-ins, binds, its last 4,096
 * transfers) and its newest record, from which the gap to the next part is measured. Those are
 * forgotten when event time is {@code memoryMillis} past the flow's newest record, the gap at which
 * {@link SuricataFlow#resolve} also ends a flow it sees whole. In BATCH mode (and over archives in
 * STREAMING, where event time waits for the end of the input) both moments are the end of the key,
 * with all its records; in a watched folder a flow is decided in parts, and the modes agree for a
 * log read in its order ({@link SuricataFlow#complete} says where they part: a transfer's repeat
 * logged 4,096 transfers late, and a record read after its flow was decided, which learns only from
 * what the flow remembers).
 */
public class SuricataFlows extends KeyedProcessFunction<String, FlowRecord, FlowRecord>
    implements CheckpointedFunction {

  private final long decideAfterMillis;
  private final long memoryMillis;

  private transient ListState<FlowRecord> pending;
  private transient ListState<FlowRecord> remembered;

  /**
   * The time of the flow's newest record; its two timers are that plus the idle time, or the
   * memory.
   */
  private transient ValueState<Long> newest;

  private transient CheckpointedCounters counters;
  private transient CheckpointedCounters.Counter records;
  private transient CheckpointedCounters.Counter rows;
  private transient CheckpointedCounters.Counter repeats;

  /**
   * @param decideAfterMillis how long a flow is quiet before its records are decided
   * @param memoryMillis how long a flow remembers what its records taught after the last one
   */
  public SuricataFlows(long decideAfterMillis, long memoryMillis) {
    this.decideAfterMillis = Math.min(decideAfterMillis, memoryMillis);
    this.memoryMillis = memoryMillis;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    counters = new CheckpointedCounters(getRuntimeContext());
    counters.initialize(context, "suricata-flow-counters");
    records = counters.counter(RunCounters.SURICATA_PREFIX + "records");
    rows = counters.counter(RunCounters.SURICATA_PREFIX + "rows");
    repeats = counters.counter(RunCounters.SURICATA_PREFIX + "transfer_repeats");
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    counters.snapshot(context);
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("pending", DecodeRecords.FLOW_TYPE));
    remembered =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("remembered", DecodeRecords.FLOW_TYPE));
    newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest", Types.LONG));
  }

  @Override
  public void processElement(FlowRecord record, Context ctx, Collector<FlowRecord> out)
      throws Exception {
    records.add(1L);
    pending.add(record);
    TimerService timers = ctx.timerService();
    Long last = newest.value();
    if (last == null || record.timestamp > last) {
      if (last != null) {
        timers.deleteEventTimeTimer(plus(last, decideAfterMillis));
        timers.deleteEventTimeTimer(plus(last, memoryMillis));
      }
      last = record.timestamp;
      newest.update(last);
      timers.registerEventTimeTimer(plus(last, memoryMillis));
    }
    // Also after an earlier decision of the flow: a timer in the past fires at the next watermark.
    timers.registerEventTimeTimer(plus(last, decideAfterMillis));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlowRecord> out)
      throws Exception {
    Long last = newest.value();
    if (last == null) {
      return; // no flow held: nothing is due
    }
    List<FlowRecord> decided = list(pending);
    if (!decided.isEmpty() && timestamp >= plus(last, decideAfterMillis)) {
      SuricataFlow.Completed done = SuricataFlow.complete(list(remembered), decided, memoryMillis);
      for (FlowRecord r : done.records()) {
        out.collect(r);
      }
      rows.add(done.records().size());
      repeats.add(decided.size() - done.records().size());
      pending.clear();
      remembered.update(done.remember());
      decided = List.of();
    }
    if (decided.isEmpty() && timestamp >= plus(last, memoryMillis)) {
      remembered.clear();
      newest.clear();
    }
  }

  private static long plus(long time, long millis) {
    return time > Long.MAX_VALUE - millis ? Long.MAX_VALUE : time + millis;
  }

  private static List<FlowRecord> list(ListState<FlowRecord> state) throws Exception {
    List<FlowRecord> all = new ArrayList<>();
    for (FlowRecord r : state.get()) {
      all.add(r);
    }
    return all;
  }
}
