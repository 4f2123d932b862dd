package io.smbhunt.job.decode;

import io.smbhunt.job.read.ContextFiles;
import io.smbhunt.job.read.RawLine;
import io.smbhunt.job.read.RecordFormat;
import io.smbhunt.udf.event.DecodeResult;
import io.smbhunt.udf.event.HostEvent;
import io.smbhunt.udf.event.HostEventDecoder;
import io.smbhunt.udf.flow.FlowDecodeResult;
import io.smbhunt.udf.flow.FlowRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns archive lines into host events (main output) and SMB flow records ({@link #FLOWS}, and
 * {@link #SURICATA_FLOWS} for the records their flow still has to complete), each line by the
 * decoder of its file's format. Every line that cannot be decoded goes to {@link #QUARANTINE} with
 * its file, line and reason, and every line is counted once, so a run reconciles: read = decoded +
 * quarantined, decoded = used + not relevant (SPEC §6). The reader decodes Windows event lines
 * itself: most arrive only as counts on the next line ({@link RawLine#skippedLines}), valid and of
 * no use to any analytic; used events arrive decoded ({@link RawLine#event}).
 *
 * <p>Lines of context files ({@link ContextFiles}: a nightly run's previous day) are decoded and
 * sent on like the others, so the joins see them, but counted only as {@link
 * RunCounters#CONTEXT_LINES_READ}, and one that cannot be decoded is not quarantined: the hunt of
 * their own day counted and quarantined them. The run's own lines reconcile as they would alone.
 */
public class DecodeRecords extends ProcessFunction<RawLine, HostEvent>
    implements CheckpointedFunction {

  public static final OutputTag<QuarantineRecord> QUARANTINE =
      new OutputTag<>("quarantine", QuarantineRecord.TYPE);

  public static final TypeInformation<FlowRecord> FLOW_TYPE = TypeInformation.of(FlowRecord.class);

  public static final OutputTag<FlowRecord> FLOWS = new OutputTag<>("flows", FLOW_TYPE);

  /** Suricata's records, which the other records of their flow complete ({@link SuricataFlows}). */
  public static final OutputTag<FlowRecord> SURICATA_FLOWS =
      new OutputTag<>("suricata-flows", FLOW_TYPE);

  private final int quarantineRawBytes;
  private final ContextFiles context;

  private transient HostEventDecoder hostDecoder;
  private transient FlowDecoders flowDecoders;
  private transient CheckpointedCounters counters;
  private transient CheckpointedCounters.Counter read;
  private transient CheckpointedCounters.Counter decoded;
  private transient CheckpointedCounters.Counter notRelevant;
  private transient CheckpointedCounters.Counter used;
  private transient CheckpointedCounters.Counter quarantined;
  private transient CheckpointedCounters.Counter skipped;
  private transient CheckpointedCounters.Counter bytesRead;
  private transient CheckpointedCounters.Counter filesStarted;
  private transient CheckpointedCounters.Counter contextRead;
  private transient String currentSource;

  /** Whether the line at hand comes from a context file (judged once per file). */
  private transient boolean inContext;

  private transient Counter linesMetric;
  private transient Counter quarantinedMetric;
  private transient Counter usedMetric;

  /**
   * @param quarantineRawBytes how much of a bad line the quarantine keeps
   */
  public DecodeRecords(int quarantineRawBytes) {
    this(quarantineRawBytes, ContextFiles.NONE);
  }

  /**
   * @param context the files read only as context, whose lines are counted apart
   */
  public DecodeRecords(int quarantineRawBytes, ContextFiles context) {
    this.quarantineRawBytes = quarantineRawBytes;
    this.context = context;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    counters = new CheckpointedCounters(getRuntimeContext());
    counters.initialize(context, "decode-counters");
    read = counters.counter(RunCounters.LINES_READ);
    decoded = counters.counter(RunCounters.DECODED);
    notRelevant = counters.counter(RunCounters.NOT_RELEVANT);
    used = counters.counter(RunCounters.USED);
    quarantined = counters.counter(RunCounters.QUARANTINED);
    skipped = counters.counter(RunCounters.SKIPPED);
    bytesRead = counters.counter(RunCounters.BYTES_READ);
    filesStarted = counters.counter(RunCounters.FILES_STARTED);
    contextRead = counters.counter(RunCounters.CONTEXT_LINES_READ);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    counters.snapshot(context);
  }

  @Override
  public void open(OpenContext openContext) {
    hostDecoder = new HostEventDecoder();
    flowDecoders = new FlowDecoders();
    // The same figures as Flink metrics, live in the web UI / REST of a cluster.
    MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("smbhunt");
    linesMetric = metrics.counter("linesRead");
    quarantinedMetric = metrics.counter("linesQuarantined");
    usedMetric = metrics.counter("recordsUsed");
  }

  @Override
  public void processElement(RawLine line, Context ctx, Collector<HostEvent> out) {
    if (line.replay) {
      // Counted and decoded before the restore: only the file's decoder learns from it again.
      flowDecoders
          .forLine(line, RecordFormat.fromId(line.format))
          .decode(line.bytes, 0, line.bytes.length, line.source, line.line);
      return;
    }
    if (!line.source.equals(currentSource)) {
      // A task reads one file at a time, so a change of source is a file begun (one whose lines
      // all arrive as counts too), and whether it is context is judged once for it.
      currentSource = line.source;
      inContext = context.isContext(line.source);
      filesStarted.add(1L);
    }
    if (line.skippedLines > 0) {
      // Skipped lines are those of the record's own file, so of its kind.
      if (inContext) {
        contextRead.add(line.skippedLines);
      } else {
        countSkipped(line);
      }
      bytesRead.add(line.skippedBytes);
    }
    if (line.countOnly) {
      return;
    }
    if (inContext) {
      contextRead.add(1L);
    } else {
      read.add(1L);
      linesMetric.inc();
    }
    bytesRead.add(line.length + 1);
    if (line.readError != null) {
      quarantine(line, line.readError, line.readErrorDetail, ctx);
      return;
    }
    if (line.event != null) {
      countUsed();
      out.collect(line.event);
      return;
    }
    RecordFormat format = RecordFormat.fromId(line.format);
    if (format == null || format == RecordFormat.WINDOWS_EVENTS) {
      decodeHostEvent(line, ctx, out);
    } else {
      decodeFlow(line, format, ctx);
    }
  }

  private void decodeHostEvent(RawLine line, Context ctx, Collector<HostEvent> out) {
    DecodeResult r = hostDecoder.decode(line.bytes, 0, line.bytes.length, line.source, line.line);
    switch (r.kind()) {
      case EVENT:
        countUsed();
        out.collect(r.event());
        break;
      case NOT_RELEVANT:
        countNotRelevant();
        break;
      default:
        quarantine(line, r.reason(), r.detail(), ctx);
    }
  }

  private void decodeFlow(RawLine line, RecordFormat format, Context ctx) {
    if (FlowDecoders.isTsvHeaderLine(format, line)) {
      // Already applied from line.header, which includes this line.
      countNotRelevant();
      return;
    }
    FlowDecodeResult r =
        flowDecoders
            .forLine(line, format)
            .decode(line.bytes, 0, line.bytes.length, line.source, line.line);
    switch (r.kind()) {
      case FLOW:
        countUsed();
        FlowRecord flow = r.flow();
        ctx.output(flow.suricata == null ? FLOWS : SURICATA_FLOWS, flow);
        break;
      case NOT_RELEVANT:
        countNotRelevant();
        break;
      default:
        quarantine(line, r.reason(), r.detail(), ctx);
    }
  }

  private void countSkipped(RawLine line) {
    read.add(line.skippedLines);
    if (line.skippedWereDecoded) {
      decoded.add(line.skippedLines);
      notRelevant.add(line.skippedLines);
    } else {
      skipped.add(line.skippedLines);
    }
    linesMetric.inc(line.skippedLines);
  }

  private void countUsed() {
    if (inContext) {
      return;
    }
    decoded.add(1L);
    used.add(1L);
    usedMetric.inc();
  }

  private void countNotRelevant() {
    if (inContext) {
      return;
    }
    decoded.add(1L);
    notRelevant.add(1L);
  }

  private void quarantine(RawLine line, String reason, String detail, Context ctx) {
    if (inContext) {
      return; // quarantined by the hunt of its own day
    }
    quarantined.add(1L);
    quarantinedMetric.inc();
    counters.add(RunCounters.QUARANTINED_PREFIX + reason, 1L);
    int n = Math.min(line.bytes.length, quarantineRawBytes);
    String raw = new String(line.bytes, 0, n, StandardCharsets.UTF_8);
    ctx.output(
        QUARANTINE, new QuarantineRecord(line.source, line.line, reason, detail, raw, line.length));
  }
}
