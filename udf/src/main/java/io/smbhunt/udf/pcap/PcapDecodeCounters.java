package io.smbhunt.udf.pcap;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts per {@link PcapReasons} code, so a job can put in its manifest how many packets, segments
 * and messages were read and why any were not used (SPEC §6: nothing is lost silently).
 *
 * <p>Operator-local and not thread-safe: one instance per task, merged with {@link #addAll} when
 * the job totals its tasks. Codes are kept sorted so a manifest lists them in a stable order.
 */
public final class PcapDecodeCounters {

  private final TreeMap<String, Long> counts = new TreeMap<>();

  /** Adds one to {@code reason}. */
  public void increment(String reason) {
    add(reason, 1);
  }

  /** Adds {@code n} to {@code reason}. */
  public void add(String reason, long n) {
    counts.merge(reason, n, Long::sum);
  }

  /** The count of {@code reason}, 0 if never counted. */
  public long get(String reason) {
    Long n = counts.get(reason);
    return n == null ? 0 : n;
  }

  /** Adds every count of {@code other} to this one. */
  public void addAll(PcapDecodeCounters other) {
    other.counts.forEach(this::add);
  }

  /** A read-only sorted view of every non-zero count. */
  public Map<String, Long> asMap() {
    return Collections.unmodifiableMap(counts);
  }

  @Override
  public String toString() {
    return counts.toString();
  }
}
