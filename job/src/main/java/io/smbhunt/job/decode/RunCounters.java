package io.smbhunt.job.decode;

/**
 * Names of the run's counters (Flink accumulators), read back into the manifest when the job ends.
 */
public final class RunCounters {

  public static final String LINES_READ = "lines_read";
  public static final String DECODED = "decoded";
  public static final String NOT_RELEVANT = "not_relevant";
  public static final String USED = "used";
  public static final String QUARANTINED = "quarantined";

  /**
   * Windows event lines read but not decoded because their EventID is one no analytic reads (only
   * with {@code read.skip_unused_event_ids}).
   */
  public static final String SKIPPED = "skipped_unused_event_id";

  /** Bytes of the lines read (after decompression, line ends included): progress, throughput. */
  public static final String BYTES_READ = "bytes_read";

  /** Distinct files (or zip entries) a decode task began; progress only. */
  public static final String FILES_STARTED = "files_started";

  /**
   * Lines of the context files a nightly run reads beside its own input (the previous day's, see
   * {@code ContextFiles}): counted here alone, in none of the counters above.
   */
  public static final String CONTEXT_LINES_READ = "context.lines_read";

  /** Followed by the reason code: one counter per quarantine reason. */
  public static final String QUARANTINED_PREFIX = "quarantined.";

  /** Followed by the analytic id: one counter per analytic. */
  public static final String DETECTIONS_PREFIX = "detections.";

  /**
   * Followed by the analytic id: events a join received after the watermark had passed them (later
   * than the configured out-of-orderness); they are still joined with what is left.
   */
  public static final String LATE_PREFIX = "late_events.";

  /**
   * Followed by the analytic id: events the default profile's join still buffers. Added on buffer,
   * subtracted on removal, so a finished run must end at zero (the seed profile's unbounded join is
   * not counted: Flink drops its state per key in BATCH mode).
   */
  public static final String STATE_ENTRIES_PREFIX = "state_entries_at_end.";

  /** Followed by a reason code: packets and SMB messages of packet captures, by outcome. */
  public static final String PCAP_PREFIX = "pcap.";

  /**
   * Followed by a reason code: the records a packet capture put in the quarantine (where it broke,
   * a file that is no capture). Not lines, so apart from {@link #QUARANTINED}.
   */
  public static final String CAPTURE_QUARANTINED_PREFIX = "capture_quarantined.";

  /**
   * Followed by {@code records} (Suricata records that reached their flow), {@code rows} (flow
   * records sent on) and {@code transfer_repeats} (second reports of a transfer, which give no row:
   * counted as used lines at decode).
   */
  public static final String SURICATA_PREFIX = "suricata.";

  private RunCounters() {}
}
