package io.smbhunt.udf.event;

/**
 * Parses the timestamps Windows event shippers write, to epoch milliseconds UTC, without
 * java.time's formatter machinery (it runs once per archived line).
 *
 * <p>Accepted: {@code 2020-09-22T18:53:32.341Z}, any number of fraction digits (cut to
 * milliseconds), a {@code +hh:mm}/{@code +hhmm}/{@code +hh} offset, a space instead of the {@code
 * T}, and no zone at all — read as UTC. Security-Datasets' {@code TimeCreated} ("2020-10-19
 * 03:30:46.625") has no zone and is UTC in every dataset we know of.
 */
public final class EventTimes {

  /** Returned when the text is not a timestamp. */
  public static final long INVALID = Long.MIN_VALUE;

  private EventTimes() {}

  public static long parseMillis(CharSequence s) {
    int n = s.length();
    if (n < 19) {
      return INVALID;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    char sep = s.charAt(10);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 60
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || (sep != 'T' && sep != 't' && sep != ' ')
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return INVALID;
    }
    int i = 19;
    int millis = 0;
    if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      i++;
      int fractionStart = i;
      int scale = 100;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (scale > 0) {
          millis += (s.charAt(i) - '0') * scale;
          scale /= 10;
        }
        i++;
      }
      if (i == fractionStart) {
        return INVALID;
      }
    }
    int offsetMinutes = 0;
    if (i < n) {
      char z = s.charAt(i);
      if ((z == 'Z' || z == 'z') && i + 1 == n) {
        i++;
      } else if (z == '+' || z == '-') {
        int rest = n - i - 1;
        int oh;
        int om = 0;
        if (rest == 2) {
          oh = digits(s, i + 1, 2);
        } else if (rest == 4) {
          oh = digits(s, i + 1, 2);
          om = digits(s, i + 3, 2);
        } else if (rest == 5 && s.charAt(i + 3) == ':') {
          oh = digits(s, i + 1, 2);
          om = digits(s, i + 4, 2);
        } else {
          return INVALID;
        }
        if (oh < 0 || oh > 18 || om < 0 || om > 59) {
          return INVALID;
        }
        offsetMinutes = (z == '-' ? -1 : 1) * (oh * 60 + om);
        i = n;
      } else {
        return INVALID;
      }
    }
    long days = daysFromCivil(year, month, day);
    long secs = days * 86_400L + hour * 3600L + minute * 60L + second - offsetMinutes * 60L;
    return secs * 1000L + millis;
  }

  private static int digits(CharSequence s, int from, int count) {
    if (from + count > s.length()) {
      return -1;
    }
    int v = 0;
    for (int k = from; k < from + count; k++) {
      int d = s.charAt(k) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }
}
