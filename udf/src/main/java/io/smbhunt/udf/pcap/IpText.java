package io.smbhunt.udf.pcap;

/**
 * IP addresses as text the way tshark and Zeek print them, so records from every sensor join on the
 * same strings: dotted-quad IPv4, RFC 5952 IPv6 (lower case, longest run of two or more zero groups
 * as {@code ::}, IPv4-mapped as {@code ::ffff:a.b.c.d}). {@link java.net.InetAddress} is not used:
 * it prints IPv6 uncompressed and may touch name services.
 */
final class IpText {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private IpText() {}

  static String format(byte[] b, int off, int length) {
    return length == 4 ? ipv4(b, off) : ipv6(b, off);
  }

  static String ipv4(byte[] b, int off) {
    StringBuilder s = new StringBuilder(15);
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        s.append('.');
      }
      s.append(b[off + i] & 0xff);
    }
    return s.toString();
  }

  static String ipv6(byte[] b, int off) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = Bytes.u16be(b, off + 2 * i);
    }
    if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
      return "::ffff:" + ipv4(b, off + 12);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder s = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLength - 1;
        continue;
      }
      if (i > 0 && i != bestStart + bestLength) {
        s.append(':');
      }
      hex(s, g[i]);
    }
    return s.toString();
  }

  private static void hex(StringBuilder s, int v) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (v >> shift) & 0xf;
      if (d != 0 || started || shift == 0) {
        s.append(HEX[d]);
        started = true;
      }
    }
  }

  /** Orders two endpoints by address bytes, then port: which is "lower" in a connection key. */
  static int compareEndpoints(byte[] b, int aOff, int aPort, int bOff, int bPort, int length) {
    for (int i = 0; i < length; i++) {
      int c = Integer.compare(b[aOff + i] & 0xff, b[bOff + i] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(aPort, bPort);
  }

  static String endpoint(String ip, int port, boolean v6) {
    return v6 ? "[" + ip + "]:" + port : ip + ":" + port;
  }
}
