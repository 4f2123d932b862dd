package io.smbhunt.job;

import io.smbhunt.job.cli.RunOptions;
import io.smbhunt.job.decode.RunCounters;
import io.smbhunt.job.write.RunManifest;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.core.fs.Path;

/** The few lines a hunter reads at the end of a run. */
final class RunSummary {

  private RunSummary() {}

  static void print(
      PrintStream out,
      RunManifest m,
      Path outputDir,
      RunOptions options,
      String profile,
      Instant started) {
    double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
    out.printf(
        "smbhunt: profile %s, %s mode, parallelism %d, %.1f s%n",
        profile, options.mode().name().toLowerCase(), options.parallelism(), seconds);
    long skipped = m.count(RunCounters.SKIPPED);
    out.printf(
        "  lines read %,d = decoded %,d + quarantined %,d%s; decoded = used %,d + not relevant %,d%n",
        m.count(RunCounters.LINES_READ),
        m.count(RunCounters.DECODED),
        m.count(RunCounters.QUARANTINED),
        skipped > 0 ? String.format(" + skipped by EventID %,d (not validated)", skipped) : "",
        m.count(RunCounters.USED),
        m.count(RunCounters.NOT_RELEVANT));
    RunManifest.Context context = m.context();
    if (context != null) {
      out.printf(
          "  context: %,d lines of %s read from %,d files, not counted above (rows of that day"
              + " alone are its own hunt's)%n",
          context.linesRead(), context.day(), context.files());
    }
    if (!m.captures().isEmpty() && m.captures().getOrDefault("packets", 0L) > 0) {
      out.printf(
          "  packet captures: %,d packets, %,d SMB segments, %,d SMB flow records%n",
          m.captures().getOrDefault("packets", 0L),
          m.captures().getOrDefault("smb_segments", 0L),
          m.captures().getOrDefault("flows", 0L));
    }
    if (m.suricataFlows().getOrDefault("records", 0L) > 0) {
      out.printf(
          "  suricata: %,d SMB records to their flows, %,d flow records, %,d transfer repeats%n",
          m.suricataFlows().getOrDefault("records", 0L),
          m.suricataFlows().getOrDefault("rows", 0L),
          m.suricataFlows().getOrDefault("transfer_repeats", 0L));
    }
    out.println("  detections:");
    for (Map.Entry<String, Long> e : m.detections().entrySet()) {
      out.printf("    %-20s %,10d%n", e.getKey(), e.getValue());
    }
    if (m.count(RunCounters.QUARANTINED) > 0) {
      out.printf(
          "  quarantined %,d lines %s: %s%n",
          m.count(RunCounters.QUARANTINED),
          m.quarantineReasons(),
          new Path(outputDir, "_quarantine"));
    }
    if (!m.captureQuarantineReasons().isEmpty()) {
      out.printf(
          "  quarantined %,d packet capture records %s: %s%n",
          m.captureQuarantineReasons().values().stream().mapToLong(Long::longValue).sum(),
          m.captureQuarantineReasons(),
          new Path(outputDir, "_quarantine"));
    }
    String late = lateEventsWarning(m);
    if (late != null) {
      out.println(late);
    }
    out.printf("  output: %s (manifest: %s)%n", outputDir, RunManifest.MANIFEST_FILE);
  }

  /**
   * In streaming mode an event behind the watermark joins only with what is still buffered, so its
   * rows can differ from a batch run's. The manifest counts them; this says so where the hunter
   * looks, with the two ways out. {@code null} when no event was late.
   */
  static String lateEventsWarning(RunManifest m) {
    long late = m.lateEvents().values().stream().mapToLong(Long::longValue).sum();
    if (late == 0) {
      return null;
    }
    return String.format(
        "  late events %,d %s: they came after the watermark and joined only what was left, so"
            + " rows may be missing; set time.max_out_of_orderness to cover how far the files"
            + " landing in the watched folder lag behind each other, or hunt them in batch mode",
        late, m.lateEvents());
  }
}
