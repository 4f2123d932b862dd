package io.smbhunt.job.decode;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.pcap.PcapDecodeCounters;
import io.smbhunt.udf.pcap.SmbConnectionProcessor;
import io.smbhunt.udf.pcap.SmbConnectionState;
import io.smbhunt.udf.pcap.SmbFlow;
import io.smbhunt.udf.pcap.TcpSegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One TCP connection's SMB, keyed by connection: its segments are put in capture order (time, then
 * packet number) and fed to the reassembler and SMB decoder, whose tables (tree id → share, file id
 * → name) live in keyed state. So a connection whose packets were split over rotated capture files
 * still resolves names, and two sensors' copies of one packet meet here and the second is dropped
 * as a retransmission.
 *
 * <p>Timers: segments wait for the watermark to pass their time (the order across files is only
 * known then), and a connection idle for {@code idleMillis} — or closed by FIN/RST — is flushed and
 * its state dropped. In BATCH mode all of a key's timers fire at its end with the watermark at +∞:
 * everything is then processed in order and the state cleared. A gap of more than {@code
 * idleMillis} between two segments therefore ends the connection where the segments are compared,
 * not where a timer fires: a timer may never fall into the gap.
 */
public class SmbConnections extends KeyedProcessFunction<String, TcpSegment, FlowRecord>
    implements CheckpointedFunction {

  private static final Comparator<TcpSegment> CAPTURE_ORDER =
      Comparator.<TcpSegment>comparingLong(s -> s.timestampMicros)
          .thenComparing(s -> s.source)
          .thenComparingLong(s -> s.packetIndex);

  private final long idleMillis;

  private transient ValueState<SmbConnectionState> connection;
  private transient ListState<TcpSegment> pending;
  private transient ValueState<Long> wakeUp;
  private transient CheckpointedCounters counters;

  public SmbConnections(long idleMillis) {
    this.idleMillis = idleMillis;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    counters = new CheckpointedCounters(getRuntimeContext());
    counters.initialize(context, "smb-connection-counters");
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    counters.snapshot(context);
  }

  @Override
  public void open(OpenContext openContext) {
    connection =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "connection", TypeInformation.of(SmbConnectionState.class)));
    pending =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("pending", DecodePackets.SEGMENT_TYPE));
    wakeUp = getRuntimeContext().getState(new ValueStateDescriptor<>("wake-up", Types.LONG));
  }

  @Override
  public void processElement(TcpSegment segment, Context ctx, Collector<FlowRecord> out)
      throws Exception {
    pending.add(segment);
    schedule(
        ctx.timerService(), Math.max(millis(segment), ctx.timerService().currentWatermark() + 1));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlowRecord> out)
      throws Exception {
    long now = Math.max(timestamp, ctx.timerService().currentWatermark());
    wakeUp.clear();
    List<TcpSegment> ready = new ArrayList<>();
    List<TcpSegment> later = new ArrayList<>();
    for (TcpSegment s : pending.get()) {
      (millis(s) <= now ? ready : later).add(s);
    }
    ready.sort(CAPTURE_ORDER);
    SmbConnectionState state = connection.value();
    if (state == null) {
      state = new SmbConnectionState();
    }
    PcapDecodeCounters c = new PcapDecodeCounters();
    List<SmbFlow> flows = new ArrayList<>();
    for (TcpSegment s : ready) {
      if (state.stream.connectionKey != null
          && millis(s) > state.stream.lastSeenMicros / 1000 + idleMillis) {
        // Idle for longer than the timeout: over, whether or not a timer saw the gap (in BATCH,
        // or when the later segment was already waiting, none did), so both modes agree.
        SmbConnectionProcessor.close(state, c, flows);
        state = new SmbConnectionState();
      }
      SmbConnectionProcessor.onSegment(state, s, c, flows);
    }
    long idleSince = state.stream.lastSeenMicros / 1000;
    boolean over =
        later.isEmpty()
            && (state.stream.closed || now == Long.MAX_VALUE || now >= idleSince + idleMillis);
    if (over) {
      SmbConnectionProcessor.close(state, c, flows);
    }
    for (SmbFlow f : flows) {
      out.collect(f.record);
    }
    for (Map.Entry<String, Long> e : c.asMap().entrySet()) {
      counters.add(RunCounters.PCAP_PREFIX + e.getKey(), e.getValue());
    }
    if (over) {
      connection.clear();
      pending.clear();
      return;
    }
    connection.update(state);
    pending.update(later);
    long next = idleSince + idleMillis;
    for (TcpSegment s : later) {
      next = Math.min(next, millis(s));
    }
    schedule(ctx.timerService(), Math.max(next, now + 1));
  }

  /** Keeps one timer per key: the earliest moment something is due. */
  private void schedule(org.apache.flink.streaming.api.TimerService timers, long at)
      throws Exception {
    Long registered = wakeUp.value();
    if (registered == null || at < registered) {
      if (registered != null) {
        timers.deleteEventTimeTimer(registered);
      }
      timers.registerEventTimeTimer(at);
      wakeUp.update(at);
    }
  }

  private static long millis(TcpSegment s) {
    return s.timestampMicros / 1000;
  }
}
