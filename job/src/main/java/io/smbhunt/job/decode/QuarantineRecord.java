package io.smbhunt.job.decode;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** A line that could not be decoded, kept with where it came from and why (SPEC §6). */
public class QuarantineRecord {

  /** Flink's POJO type of this class (no Kryo). */
  public static final TypeInformation<QuarantineRecord> TYPE =
      TypeInformation.of(QuarantineRecord.class);

  public String source;

  /** 1-based line number in {@link #source}. */
  public long line;

  /** Stable reason code, e.g. {@code invalid_json}, {@code invalid_utf8}, {@code line_too_long}. */
  public String reason;

  /** What exactly was wrong, for a person. */
  public String detail;

  /** The start of the raw line (invalid bytes shown as U+FFFD), cut to the configured size. */
  public String raw;

  /** The full length of the raw line in bytes. */
  public long rawLength;

  public QuarantineRecord() {}

  public QuarantineRecord(
      String source, long line, String reason, String detail, String raw, long rawLength) {
    this.source = source;
    this.line = line;
    this.reason = reason;
    this.detail = detail;
    this.raw = raw;
    this.rawLength = rawLength;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof QuarantineRecord)) {
      return false;
    }
    QuarantineRecord q = (QuarantineRecord) o;
    return line == q.line
        && rawLength == q.rawLength
        && Objects.equals(source, q.source)
        && Objects.equals(reason, q.reason)
        && Objects.equals(detail, q.detail)
        && Objects.equals(raw, q.raw);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, line, reason);
  }

  @Override
  public String toString() {
    return source + ":" + line + " " + reason + " (" + detail + ")";
  }
}
