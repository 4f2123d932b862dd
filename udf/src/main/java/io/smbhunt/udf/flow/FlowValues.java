package io.smbhunt.udf.flow;

import io.smbhunt.udf.event.EventTimes;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Parsing of the scalar values network sensors write — ports, sizes, times — from their text, so
 * that a number in JSON ({@code 445}), a digit string in JSON ({@code "445"}, as the CAR pseudocode
 * writes it) and a TSV column ({@code 445}) all go through one code path and give the same result.
 */
final class FlowValues {

  /** Returned by the time parsers for text that is not a time. */
  static final long INVALID_TIME = EventTimes.INVALID;

  private FlowValues() {}

  /** A TCP/UDP port 0–65535 written in decimal digits only, or -1. */
  static int port(String text) {
    if (text == null || text.isEmpty() || text.length() > 5) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < text.length(); i++) {
      int d = text.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v <= 65_535 ? v : -1;
  }

  /**
   * Whether {@code text} is an IP address as sensors write one: IPv4 dotted decimal, or IPv6 (hex
   * groups, one {@code ::} at most, an IPv4 tail, a {@code %zone}). A row whose address is neither
   * would name a host nobody can look up.
   */
  static boolean isAddress(String text) {
    if (text == null || text.isEmpty() || text.length() > 64) {
      return false;
    }
    return text.indexOf(':') < 0 ? isIpv4(text) : isIpv6(text);
  }

  private static boolean isIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      int v = part.length() > 3 ? -1 : port(part);
      if (v < 0 || v > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6(String text) {
    int zone = text.indexOf('%');
    String a = zone < 0 ? text : text.substring(0, zone);
    int lastColon = a.lastIndexOf(':');
    String tail = a.substring(lastColon + 1);
    if (tail.indexOf('.') >= 0) { // ::ffff:172.18.39.5: the IPv4 tail stands for two groups
      if (!isIpv4(tail)) {
        return false;
      }
      a = a.substring(0, lastColon + 1) + "0:0";
    }
    boolean compressed = a.contains("::");
    if (compressed && a.indexOf("::") != a.lastIndexOf("::")) {
      return false;
    }
    int groups = 0;
    for (String g : a.split(":", -1)) {
      if (g.isEmpty()) {
        if (!compressed) {
          return false;
        }
        continue;
      }
      if (g.length() > 4) {
        return false;
      }
      for (int k = 0; k < g.length(); k++) {
        if (Character.digit(g.charAt(k), 16) < 0) {
          return false;
        }
      }
      groups++;
    }
    return compressed ? groups < 8 : groups == 8;
  }

  /** A non-negative whole number (a byte count), or -1. */
  static long size(String text) {
    if (text == null || text.isEmpty() || text.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < text.length(); i++) {
      int d = text.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * A time as Zeek writes it: epoch seconds with a fraction ({@code 1521911754.600639}, TSV and
   * default JSON) or ISO-8601 ({@code 2018-03-24T17:15:54.600639Z}, JSON with {@code
   * LogAscii::json_timestamps} or json-streaming-logs). Both are cut to the millisecond the same
   * way, so the TSV and JSON copies of one record get the same timestamp.
   */
  static long zeekTime(String text) {
    if (text == null) {
      return INVALID_TIME;
    }
    return looksIso(text) ? EventTimes.parseMillis(text) : scaledEpoch(text, 1000);
  }

  /**
   * A time as the CAR flow form carries it: ISO-8601 text, or epoch milliseconds as a number or a
   * digit string (the CAR data model's timestamps are millisecond-precision).
   */
  static long carTime(String text) {
    if (text == null) {
      return INVALID_TIME;
    }
    return looksIso(text) ? EventTimes.parseMillis(text) : scaledEpoch(text, 1);
  }

  private static boolean looksIso(String text) {
    return text.length() >= 19 && text.charAt(4) == '-';
  }

  /**
   * {@code text} (a non-negative decimal) times {@code toMillis}, cut towards zero. The common form
   * ({@code digits[.digits]}) is parsed without allocating; exponents fall back to BigDecimal.
   */
  private static long scaledEpoch(String text, int toMillis) {
    int n = text.length();
    int i = 0;
    long whole = 0;
    while (i < n && i < 15 && isDigit(text.charAt(i))) {
      whole = whole * 10 + (text.charAt(i) - '0');
      i++;
    }
    if (i == 0) {
      return INVALID_TIME;
    }
    if (i == n) {
      return whole * toMillis;
    }
    if (text.charAt(i) == '.' && i + 1 < n) {
      int fracStart = i + 1;
      long frac = 0;
      int scale = toMillis;
      int k = fracStart;
      while (k < n && isDigit(text.charAt(k))) {
        if (scale > 1) {
          scale /= 10;
          frac += (text.charAt(k) - '0') * (long) scale;
        }
        k++;
      }
      if (k == n) {
        return whole * toMillis + frac;
      }
    }
    return bigDecimalEpoch(text, toMillis);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static long bigDecimalEpoch(String text, int toMillis) {
    try {
      BigDecimal v = new BigDecimal(text).multiply(BigDecimal.valueOf(toMillis));
      if (v.signum() < 0) {
        return INVALID_TIME;
      }
      return v.setScale(0, RoundingMode.DOWN).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return INVALID_TIME;
    }
  }
}
