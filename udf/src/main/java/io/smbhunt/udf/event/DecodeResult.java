package io.smbhunt.udf.event;

/**
 * What decoding one line gave: an event, a valid line no analytic can use, or a reason to
 * quarantine it. Mutable and reusable so the hot path allocates nothing per rejected line.
 */
public final class DecodeResult {

  /** The three outcomes; every line read ends in exactly one of them (SPEC §6 reconciliation). */
  public enum Kind {
    EVENT,
    NOT_RELEVANT,
    QUARANTINED
  }

  private Kind kind;
  private HostEvent event;
  private String reason;
  private String detail;

  public Kind kind() {
    return kind;
  }

  /** The decoded event; only for {@link Kind#EVENT}. */
  public HostEvent event() {
    return event;
  }

  /** A short stable reason code such as {@code invalid_json}; only for quarantined lines. */
  public String reason() {
    return reason;
  }

  /** A human sentence saying what exactly was wrong; only for quarantined lines. */
  public String detail() {
    return detail;
  }

  DecodeResult event(HostEvent e) {
    this.kind = Kind.EVENT;
    this.event = e;
    this.reason = null;
    this.detail = null;
    return this;
  }

  DecodeResult notRelevant() {
    this.kind = Kind.NOT_RELEVANT;
    this.event = null;
    this.reason = null;
    this.detail = null;
    return this;
  }

  DecodeResult quarantine(String reason, String detail) {
    this.kind = Kind.QUARANTINED;
    this.event = null;
    this.reason = reason;
    this.detail = detail;
    return this;
  }
}
