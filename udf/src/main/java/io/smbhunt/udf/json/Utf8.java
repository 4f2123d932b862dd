package io.smbhunt.udf.json;

/**
 * Strict UTF-8 validation on bytes (no overlong forms, no UTF-16 surrogates, nothing above
 * U+10FFFF), shared by the JSON scanner and the line formats that do not go through it (Zeek TSV):
 * invalid input must be caught on the bytes, before anything decodes it to U+FFFD.
 */
public final class Utf8 {

  private Utf8() {}

  /** The index of the first byte in {@code b[from, to)} that breaks UTF-8, or -1 if none. */
  public static int firstInvalid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int lead = b[i];
      if (lead >= 0) {
        i++;
        continue;
      }
      int next = sequenceEnd(b, i, to);
      if (next < 0) {
        return i;
      }
      i = next;
    }
    return -1;
  }

  /** The end of the multi-byte sequence starting at {@code i}, or -1 if it is malformed. */
  public static int sequenceEnd(byte[] b, int i, int to) {
    int lead = b[i] & 0xFF;
    int n;
    int min2 = 0x80;
    int max2 = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      n = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      n = 2;
      if (lead == 0xE0) {
        min2 = 0xA0;
      } else if (lead == 0xED) {
        max2 = 0x9F;
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      n = 3;
      if (lead == 0xF0) {
        min2 = 0x90;
      } else if (lead == 0xF4) {
        max2 = 0x8F;
      }
    } else {
      return -1;
    }
    if (i + n >= to) {
      return -1;
    }
    int second = b[i + 1] & 0xFF;
    if (second < min2 || second > max2) {
      return -1;
    }
    for (int k = 2; k <= n; k++) {
      int cont = b[i + k] & 0xFF;
      if (cont < 0x80 || cont > 0xBF) {
        return -1;
      }
    }
    return i + n + 1;
  }
}
