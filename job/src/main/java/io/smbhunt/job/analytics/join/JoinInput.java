package io.smbhunt.job.analytics.join;

import io.smbhunt.udf.event.HostEvent;

/**
 * An event on its way to one of the joins that share a keyed operator ({@link PlaybookJoins}): an
 * event taking part in several joins travels once per join, each time under that join's key.
 *
 * <p>The Flink key is a 64-bit hash of the join key, not the key itself. In BATCH mode Flink sorts
 * a keyed operator's input by the serialized key: a fixed-length key sorts on its bytes held next
 * to each record's pointer, a string key only by reading both records back, byte by byte, for every
 * comparison (BENCHMARKS.md has the difference). Two join keys may share a hash; the joins keep
 * them apart by the join key itself ({@link JoinSpec#key}), so a collision costs time, never a row.
 */
public class JoinInput {

  /** Bits of {@link #key} that hold the join's index. */
  static final int JOIN_BITS = 4;

  /** How many joins one operator can host. */
  static final int MAX_JOINS = 1 << JOIN_BITS;

  /** The Flink key: {@link #keyOf}{@code (join, the join's own key)}; it also names the join. */
  public long key;

  public HostEvent event;

  public JoinInput() {}

  JoinInput(int join, String joinKey, HostEvent event) {
    this.key = keyOf(join, joinKey);
    this.event = event;
  }

  /**
   * The Flink key of a join key: its hash, with the join's index in the low bits, so that keys of
   * different joins never meet and a timer knows its join.
   */
  public static long keyOf(int join, String joinKey) {
    if (join < 0 || join >= MAX_JOINS) {
      throw new IllegalArgumentException(
          "join index " + join + " is not in [0, " + MAX_JOINS + ")");
    }
    return (hash64(joinKey) << JOIN_BITS) | join;
  }

  /** Index of the join in {@link PlaybookJoins}. */
  public int join() {
    return joinOf(key);
  }

  /** The join a Flink key belongs to. */
  static int joinOf(long key) {
    return (int) (key & (MAX_JOINS - 1));
  }

  /**
   * FNV-1a over the UTF-16 units, then MurmurHash3's finalizer: FNV alone leaves the low bits
   * poorly mixed, and Flink's key groups and the sort both look at all 64. Defined here rather than
   * taken from {@code String.hashCode}, whose 32 bits collide too often at archive scale.
   */
  static long hash64(String s) {
    long h = 0xcbf29ce484222325L ^ s.length();
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
