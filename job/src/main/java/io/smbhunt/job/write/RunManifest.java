package io.smbhunt.job.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.smbhunt.job.BuildInfo;
import io.smbhunt.job.decode.RunCounters;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The record of one run ({@code <out>/_manifest.json}): what was read, with which settings, and how
 * every line was accounted for. Written after the job, followed by {@code _SUCCESS} if it
 * reconciles.
 */
public final class RunManifest {

  public static final String MANIFEST_FILE = "_manifest.json";
  public static final String SUCCESS_FILE = "_SUCCESS";

  private final Map<String, Object> doc = new LinkedHashMap<>();
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, Long> detections = new LinkedHashMap<>();
  private final Map<String, Long> quarantineReasons = new TreeMap<>();
  private final Map<String, Long> captureQuarantineReasons = new TreeMap<>();
  private final Map<String, Long> lateEvents = new TreeMap<>();
  private final Map<String, Long> stateEntriesAtEnd = new TreeMap<>();
  private final Map<String, Long> captures = new TreeMap<>();
  private final Map<String, Long> suricata = new TreeMap<>();
  private final long contextLines;
  private Context context;

  /**
   * What a nightly run read as context beside its own input ({@code nightly.previous_day_context}).
   *
   * @param day the day the context is of (the previous day)
   * @param inputs its inputs that were read (none when they were missing)
   * @param files the files under them
   * @param linesRead their lines, counted in none of the run's own counts
   */
  public record Context(String day, List<String> inputs, long files, long linesRead) {}

  /**
   * @param accumulators the job's accumulator results (counters named by {@link RunCounters})
   * @param analyticIds every analytic of the run, listed even with zero detections
   */
  public RunManifest(
      List<String> inputs,
      String output,
      String profile,
      String mode,
      int parallelism,
      Map<String, Object> config,
      Map<String, Object> accumulators,
      List<String> analyticIds,
      Instant started,
      Instant finished) {
    for (String name :
        List.of(
            RunCounters.LINES_READ,
            RunCounters.DECODED,
            RunCounters.NOT_RELEVANT,
            RunCounters.USED,
            RunCounters.QUARANTINED,
            RunCounters.SKIPPED)) {
      counts.put(name, number(accumulators.get(name)));
    }
    for (String id : analyticIds) {
      detections.put(id, number(accumulators.get(RunCounters.DETECTIONS_PREFIX + id)));
    }
    accumulators.forEach(
        (name, value) -> {
          if (name.startsWith(RunCounters.QUARANTINED_PREFIX)) {
            quarantineReasons.put(
                name.substring(RunCounters.QUARANTINED_PREFIX.length()), number(value));
          } else if (name.startsWith(RunCounters.LATE_PREFIX)) {
            lateEvents.put(name.substring(RunCounters.LATE_PREFIX.length()), number(value));
          } else if (name.startsWith(RunCounters.CAPTURE_QUARANTINED_PREFIX)) {
            captureQuarantineReasons.put(
                name.substring(RunCounters.CAPTURE_QUARANTINED_PREFIX.length()), number(value));
          } else if (name.startsWith(RunCounters.PCAP_PREFIX)) {
            captures.put(name.substring(RunCounters.PCAP_PREFIX.length()), number(value));
          } else if (name.startsWith(RunCounters.SURICATA_PREFIX)) {
            suricata.put(name.substring(RunCounters.SURICATA_PREFIX.length()), number(value));
          } else if (name.startsWith(RunCounters.STATE_ENTRIES_PREFIX)) {
            stateEntriesAtEnd.put(
                name.substring(RunCounters.STATE_ENTRIES_PREFIX.length()), number(value));
          }
        });
    contextLines = number(accumulators.get(RunCounters.CONTEXT_LINES_READ));
    doc.put("smbhunt_version", BuildInfo.version());
    doc.put("flink_version", BuildInfo.flinkVersionRunning());
    doc.put("inputs", inputs);
    doc.put("output", output);
    doc.put("profile", profile);
    doc.put("mode", mode);
    doc.put("parallelism", parallelism);
    doc.put("config", config);
    doc.put("counts", counts);
    doc.put("quarantined_by_reason", quarantineReasons);
    doc.put("quarantined_capture_records_by_reason", captureQuarantineReasons);
    doc.put("detections", detections);
    doc.put("late_events", lateEvents);
    doc.put("packet_captures", captures);
    doc.put("suricata_flows", suricata);
    doc.put("join_state_entries_at_end", stateEntriesAtEnd);
    doc.put("reconciled", reconciled());
    doc.put("started_at", started.toString());
    doc.put("finished_at", finished.toString());
    doc.put("duration_ms", finished.toEpochMilli() - started.toEpochMilli());
  }

  /** What the run warned about before it started (e.g. the same data given twice). */
  public void setWarnings(List<String> warnings) {
    doc.put("warnings", warnings);
  }

  /**
   * Records the context the run read (a nightly run's previous day): the {@code context} block,
   * whose lines are apart from {@code counts}.
   */
  public void setContext(LocalDate day, List<String> inputs, long files) {
    context = new Context(day.toString(), inputs, files, contextLines);
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("day", context.day());
    block.put("inputs", inputs);
    block.put("files", files);
    block.put("lines_read", contextLines);
    doc.put("context", block);
  }

  /** The context the run read, or {@code null} for a run without. */
  public Context context() {
    return context;
  }

  /**
   * SPEC §6: lines read = decoded + quarantined (+ skipped, only with {@code
   * read.skip_unused_event_ids}), and decoded = used + not relevant.
   */
  public boolean reconciled() {
    return count(RunCounters.LINES_READ)
            == count(RunCounters.DECODED)
                + count(RunCounters.QUARANTINED)
                + count(RunCounters.SKIPPED)
        && count(RunCounters.DECODED) == count(RunCounters.USED) + count(RunCounters.NOT_RELEVANT);
  }

  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }

  public Map<String, Long> detections() {
    return detections;
  }

  /** Packet-capture counts by outcome ({@code packets}, {@code flows}, {@code not_tcp} …). */
  public Map<String, Long> captures() {
    return captures;
  }

  /**
   * Suricata's records completed by their flows: {@code records} in, {@code rows} out, {@code
   * transfer_repeats} (a transfer's second report, counted as a used line, giving no row).
   */
  public Map<String, Long> suricataFlows() {
    return suricata;
  }

  /** Per joined analytic, events that came after the watermark had passed them (streaming). */
  public Map<String, Long> lateEvents() {
    return lateEvents;
  }

  public Map<String, Long> quarantineReasons() {
    return quarantineReasons;
  }

  /** The packet captures' records in the quarantine, by reason (they are not lines). */
  public Map<String, Long> captureQuarantineReasons() {
    return captureQuarantineReasons;
  }

  /**
   * Writes the manifest into {@code outputDir}, then the {@code _SUCCESS} marker if every line is
   * accounted for: a run that does not reconcile has lost lines, and is no success.
   */
  public void writeTo(Path outputDir) throws IOException {
    FileSystem fs = outputDir.getFileSystem();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try (OutputStream out =
        fs.create(new Path(outputDir, MANIFEST_FILE), FileSystem.WriteMode.OVERWRITE)) {
      out.write(json.writeValueAsBytes(doc));
    }
    if (!reconciled()) {
      return;
    }
    try (OutputStream out =
        fs.create(new Path(outputDir, SUCCESS_FILE), FileSystem.WriteMode.OVERWRITE)) {
      out.write(new byte[0]);
    }
  }

  private static long number(Object value) {
    return value instanceof Number ? ((Number) value).longValue() : 0L;
  }
}
