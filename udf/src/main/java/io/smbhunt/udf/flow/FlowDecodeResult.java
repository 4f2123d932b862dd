package io.smbhunt.udf.flow;

/**
 * What decoding one line of a network log gave: a {@link FlowRecord}, a valid line no SMB analytic
 * can use, or a reason to quarantine it. Mutable and reused by its decoder so rejected and
 * irrelevant lines (the bulk of an eve.json) allocate nothing.
 */
public final class FlowDecodeResult {

  /** The three outcomes; every line read ends in exactly one (SPEC §6 reconciliation). */
  public enum Kind {
    FLOW,
    NOT_RELEVANT,
    QUARANTINED
  }

  // Reason codes this package adds to the JSON scanner's own (invalid_json, invalid_utf8,
  // blank_line, not_json_object). They are stable: the quarantine output is grouped by them.

  /** A field the record cannot do without is absent or null; the detail names it. */
  public static final String MISSING_FIELD = "missing_field";

  /** The time is not an ISO-8601 timestamp nor an epoch number. */
  public static final String INVALID_TIMESTAMP = "invalid_timestamp";

  /** A port is not a whole number in 0–65535. */
  public static final String INVALID_PORT = "invalid_port";

  /** An address is neither an IPv4 nor an IPv6 address. */
  public static final String INVALID_ADDRESS = "invalid_address";

  /** A size is not a non-negative whole number. */
  public static final String INVALID_SIZE = "invalid_size";

  /** A field holds an object, array or boolean where text or a number belongs. */
  public static final String WRONG_TYPE = "wrong_type";

  /** A Zeek TSV data line does not have as many values as its {@code #fields} header. */
  public static final String WRONG_FIELD_COUNT = "wrong_field_count";

  /** A Zeek TSV data line came before any {@code #fields} header. */
  public static final String MISSING_TSV_HEADER = "missing_tsv_header";

  /** A Zeek TSV header line ({@code #separator}, {@code #fields}) is malformed. */
  public static final String INVALID_TSV_HEADER = "invalid_tsv_header";

  /** Neither {@code _path}/{@code #path}, the file name nor the fields say which Zeek log. */
  public static final String UNKNOWN_ZEEK_LOG = "unknown_zeek_log";

  /** Bytes that are not UTF-8 (Zeek TSV; the JSON scanner reports its own). */
  public static final String INVALID_UTF8 = "invalid_utf8";

  private Kind kind;
  private FlowRecord flow;
  private String reason;
  private String detail;

  public Kind kind() {
    return kind;
  }

  /** The decoded record; only for {@link Kind#FLOW}. */
  public FlowRecord flow() {
    return flow;
  }

  /** A short stable reason code such as {@code invalid_port}; only for quarantined lines. */
  public String reason() {
    return reason;
  }

  /** A sentence for a person saying what exactly was wrong; only for quarantined lines. */
  public String detail() {
    return detail;
  }

  FlowDecodeResult flow(FlowRecord f) {
    this.kind = Kind.FLOW;
    this.flow = f;
    this.reason = null;
    this.detail = null;
    return this;
  }

  FlowDecodeResult notRelevant() {
    this.kind = Kind.NOT_RELEVANT;
    this.flow = null;
    this.reason = null;
    this.detail = null;
    return this;
  }

  FlowDecodeResult quarantine(String reason, String detail) {
    this.kind = Kind.QUARANTINED;
    this.flow = null;
    this.reason = reason;
    this.detail = detail;
    return this;
  }

  @Override
  public String toString() {
    return kind == Kind.QUARANTINED ? kind + "(" + reason + ": " + detail + ")" : kind + "";
  }
}
