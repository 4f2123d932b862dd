package io.smbhunt.udf.flow;

import io.smbhunt.udf.json.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Undoes the escaping of Zeek's ASCII (TSV) writer in one value: {@code \\} is a backslash and
 * {@code \xHH} a byte (Zeek writes the separator, a lone {@code -} and non-printable bytes this
 * way). The real WRCCDC logs hold {@code \\pipe\\ntsvcs} for {@code \pipe\ntsvcs}; other writers
 * produce {@code \x5cpipe\x5cntsvcs}; both decode to the same text.
 *
 * <p>If the decoded bytes are not UTF-8 the {@code \xHH} escapes of the bytes ≥ 0x80 are kept as
 * text: that is exactly what Zeek's JSON writer emits for such bytes, so the TSV and JSON copies of
 * one record still decode to the same string.
 */
final class ZeekTsvText {

  private ZeekTsvText() {}

  /** Decodes {@code b[s, e)} (already checked to be UTF-8). */
  static String decode(byte[] b, int s, int e) {
    int firstEscape = -1;
    for (int i = s; i < e; i++) {
      if (b[i] == '\\') {
        firstEscape = i;
        break;
      }
    }
    if (firstEscape < 0) {
      return new String(b, s, e - s, StandardCharsets.UTF_8);
    }
    byte[] decoded = unescape(b, s, e, true);
    if (Utf8.firstInvalid(decoded, 0, decoded.length) < 0) {
      return new String(decoded, StandardCharsets.UTF_8);
    }
    return new String(unescape(b, s, e, false), StandardCharsets.UTF_8);
  }

  private static byte[] unescape(byte[] b, int s, int e, boolean highBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(e - s);
    int i = s;
    while (i < e) {
      byte c = b[i];
      if (c == '\\' && i + 1 < e && b[i + 1] == '\\') {
        out.write('\\');
        i += 2;
      } else if (c == '\\'
          && i + 3 < e
          && b[i + 1] == 'x'
          && hex(b[i + 2]) >= 0
          && hex(b[i + 3]) >= 0) {
        int v = hex(b[i + 2]) << 4 | hex(b[i + 3]);
        if (v < 0x80 || highBytes) {
          out.write(v);
        } else {
          out.write(b, i, 4);
        }
        i += 4;
      } else {
        out.write(c);
        i++;
      }
    }
    return out.toByteArray();
  }

  /** The value of an ASCII hex digit, or -1. */
  private static int hex(byte c) {
    return Character.digit(c & 0xFF, 16);
  }
}
