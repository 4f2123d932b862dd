package io.smbhunt.udf.json;

import java.nio.charset.StandardCharsets;

/** Decoding of JSON string contents that the scanner has already validated. */
final class JsonStrings {

  private JsonStrings() {}

  static int hexValue(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Decodes the (validated) UTF-8 bytes {@code b[s, e)} of a JSON string, resolving escapes. */
  static String unescape(byte[] b, int s, int e) {
    StringBuilder out = new StringBuilder(e - s);
    int runStart = s;
    int i = s;
    while (i < e) {
      if (b[i] != '\\') {
        i++;
        continue;
      }
      if (i > runStart) {
        out.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
      }
      byte c = b[i + 1];
      switch (c) {
        case 'b':
          out.append('\b');
          break;
        case 'f':
          out.append('\f');
          break;
        case 'n':
          out.append('\n');
          break;
        case 'r':
          out.append('\r');
          break;
        case 't':
          out.append('\t');
          break;
        case 'u':
          int v = 0;
          for (int k = i + 2; k < i + 6; k++) {
            v = (v << 4) | hexValue(b[k]);
          }
          out.append((char) v);
          i += 4;
          break;
        default: // '"', '\\', '/'
          out.append((char) c);
      }
      i += 2;
      runStart = i;
    }
    if (runStart < e) {
      out.append(new String(b, runStart, e - runStart, StandardCharsets.UTF_8));
    }
    return out.toString();
  }
}
