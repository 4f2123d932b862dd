package io.smbhunt.udf.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * "SIMD within a register": tests eight bytes at once for the few bytes a scan must stop at. Most
 * of an archived event line is plain ASCII inside JSON strings (the Message text alone is half of
 * it), so stepping over it a word at a time is what makes validating every line affordable.
 */
public final class Swar {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long NEWLINES = ONES * '\n';

  private Swar() {}

  /** The eight bytes at {@code i} (little-endian: byte {@code i} is the lowest). */
  static long word(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /**
   * A mask with the high bit set in the bytes of {@code v} that are zero. Exact for the lowest zero
   * byte (borrows only run upwards), which is the only one the scans look at.
   */
  static long zeroBytes(long v) {
    return (v - ONES) & ~v & HIGH;
  }

  /** The index (0–7) of the byte the lowest set bit of a non-zero mask is in. */
  static int firstByte(long mask) {
    return Long.numberOfTrailingZeros(mask) >>> 3;
  }

  /**
   * Where a JSON string scan must look at a byte: a quote, a backslash or a non-ASCII byte in the
   * word at {@code i}; 0 if none.
   */
  static long stringStops(byte[] b, int i) {
    long w = word(b, i);
    return zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES) | (w & HIGH);
  }

  /** The index of the first {@code '\n'} in {@code b[from, to)}, or -1. */
  public static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long m = zeroBytes(word(b, i) ^ NEWLINES);
      if (m != 0) {
        return i + firstByte(m);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * The index of the first occurrence of {@code pattern} (at least two bytes) in {@code b[from,
   * to)}, or -1. Eight candidate places are tested at once on the pattern's first two bytes.
   */
  public static int indexOf(byte[] b, int from, int to, byte[] pattern) {
    int last = to - pattern.length;
    long first = ONES * (pattern[0] & 0xff);
    long second = ONES * (pattern[1] & 0xff);
    int i = from;
    for (; i + 9 <= to && i <= last; i += 8) {
      long m = zeroBytes(word(b, i) ^ first) & zeroBytes(word(b, i + 1) ^ second);
      while (m != 0) {
        int at = i + firstByte(m);
        if (at <= last && matches(b, at, pattern)) {
          return at;
        }
        m &= m - 1;
      }
    }
    for (; i <= last; i++) {
      if (matches(b, i, pattern)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matches(byte[] b, int at, byte[] pattern) {
    for (int k = 0; k < pattern.length; k++) {
      if (b[at + k] != pattern[k]) {
        return false;
      }
    }
    return true;
  }
}
