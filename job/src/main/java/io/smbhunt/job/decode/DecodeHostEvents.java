package io.smbhunt.job.decode;

import io.smbhunt.job.read.RawLine;
import io.smbhunt.udf.event.DecodeResult;
import io.smbhunt.udf.event.HostEvent;
import io.smbhunt.udf.event.HostEventDecoder;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns archive lines into host events; every line that cannot be decoded goes to the {@link
 * #QUARANTINE} side output with its file, line and reason, and every line is counted once, so a run
 * reconciles: read = decoded + quarantined, decoded = used + not relevant (SPEC §6).
 */
public class DecodeHostEvents extends ProcessFunction<RawLine, HostEvent> {

  public static final OutputTag<QuarantineRecord> QUARANTINE =
      new OutputTag<>("quarantine", QuarantineRecord.TYPE);

  private final int quarantineRawBytes;

  private transient HostEventDecoder decoder;
  private transient LongCounter read;
  private transient LongCounter decoded;
  private transient LongCounter notRelevant;
  private transient LongCounter used;
  private transient LongCounter quarantined;

  /**
   * @param quarantineRawBytes how much of a bad line the quarantine keeps
   */
  public DecodeHostEvents(int quarantineRawBytes) {
    this.quarantineRawBytes = quarantineRawBytes;
  }

  @Override
  public void open(OpenContext openContext) {
    decoder = new HostEventDecoder();
    read = getRuntimeContext().getLongCounter(RunCounters.LINES_READ);
    decoded = getRuntimeContext().getLongCounter(RunCounters.DECODED);
    notRelevant = getRuntimeContext().getLongCounter(RunCounters.NOT_RELEVANT);
    used = getRuntimeContext().getLongCounter(RunCounters.USED);
    quarantined = getRuntimeContext().getLongCounter(RunCounters.QUARANTINED);
  }

  @Override
  public void processElement(RawLine line, Context ctx, Collector<HostEvent> out) {
    read.add(1L);
    if (line.readError != null) {
      quarantine(line, line.readError, line.readErrorDetail, ctx);
      return;
    }
    DecodeResult r = decoder.decode(line.bytes, 0, line.bytes.length, line.source, line.line);
    switch (r.kind()) {
      case EVENT:
        decoded.add(1L);
        used.add(1L);
        out.collect(r.event());
        break;
      case NOT_RELEVANT:
        decoded.add(1L);
        notRelevant.add(1L);
        break;
      default:
        quarantine(line, r.reason(), r.detail(), ctx);
    }
  }

  private void quarantine(RawLine line, String reason, String detail, Context ctx) {
    quarantined.add(1L);
    getRuntimeContext().getLongCounter(RunCounters.QUARANTINED_PREFIX + reason).add(1L);
    int n = Math.min(line.bytes.length, quarantineRawBytes);
    String raw = new String(line.bytes, 0, n, StandardCharsets.UTF_8);
    ctx.output(
        QUARANTINE, new QuarantineRecord(line.source, line.line, reason, detail, raw, line.length));
  }
}
