package io.smbhunt.udf.event;

import io.smbhunt.udf.json.Swar;

/**
 * The opt-in fast path of the reader ({@code read.skip_unused_event_ids}): tells, from a line's
 * bytes alone, that it is a Windows event no analytic reads, so it need not be decoded at all.
 * About 95% of an archive's lines are such events, and validating them costs most of a run.
 *
 * <p>It only answers {@code true} when decoding the line could not give a used event: the line is
 * an object whose top-level {@code "EventID"} key (the decoder's first choice of event id) occurs
 * once in the line, with a plain integer value (or digits in quotes) for which {@link
 * HostEventDecoder#isUsedEventId} is false. Anything else, including every Winlogbeat/ECS line
 * (their id is {@code winlog.event_id}/{@code event.code}), goes to the decoder. The price: a
 * skipped line is not validated, so a malformed line with such an id is counted as skipped instead
 * of quarantined. One shape it cannot see is a second, escaped spelling of the key ({@code
 * "Event\\u0049D"}) later in the same line, which no Windows shipper writes.
 */
public final class EventIdPrefilter {

  private static final byte[] KEY = {'"', 'E', 'v', 'e', 'n', 't', 'I', 'D', '"'};

  private EventIdPrefilter() {}

  /** Whether {@code b[off, off+len)} is a Windows event line that no analytic can use. */
  public static boolean isUnusedEvent(byte[] b, int off, int len) {
    int end = off + len;
    int key = Swar.indexOf(b, off, end, KEY);
    if (key < 0 || !isTopLevelKey(b, off, key)) {
      return false;
    }
    int i = skipSpaces(b, key + KEY.length, end);
    if (i >= end || b[i] != ':') {
      return false;
    }
    i = skipSpaces(b, i + 1, end);
    boolean quoted = i < end && b[i] == '"';
    if (quoted) {
      i++;
    }
    long id = 0;
    int digits = 0;
    for (; i < end && b[i] >= '0' && b[i] <= '9' && digits <= 9; i++, digits++) {
      id = id * 10 + (b[i] - '0');
    }
    if (digits == 0 || digits > 9) {
      return false;
    }
    if (quoted) {
      if (i >= end || b[i] != '"') {
        return false;
      }
      i++;
    }
    i = skipSpaces(b, i, end);
    if (i >= end || (b[i] != ',' && b[i] != '}')) {
      return false;
    }
    // A second "EventID" (a duplicate key, or the same text nested) would leave the decoder's
    // choice to the JSON rules, so the line is decoded.
    return !HostEventDecoder.isUsedEventId(id) && Swar.indexOf(b, i, end, KEY) < 0;
  }

  /**
   * Whether the quote at {@code key} opens a key of the root object: the line starts with
   * {@code '{'}, and between it and {@code key} every string is closed and every nested object or
   * array too. Strings are stepped over with their escapes, so braces in GUIDs do not count.
   */
  private static boolean isTopLevelKey(byte[] b, int off, int key) {
    int i = skipSpaces(b, off, key);
    if (i >= key || b[i] != '{') {
      return false;
    }
    int depth = 0;
    for (i++; i < key; i++) {
      byte c = b[i];
      if (c == '"') {
        i = closingQuote(b, i + 1, key);
        if (i < 0) {
          return false;
        }
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth < 0) {
          return false;
        }
      }
    }
    if (depth != 0) {
      return false;
    }
    // The key must follow '{' or ',' of the root object, not be a value after ':'.
    int before = key - 1;
    while (before > off && isSpace(b[before])) {
      before--;
    }
    return b[before] == '{' || b[before] == ',';
  }

  /** The index of the quote closing a string whose first byte is at {@code i}, or -1. */
  private static int closingQuote(byte[] b, int i, int end) {
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      i += c == '\\' ? 2 : 1;
    }
    return -1;
  }

  private static int skipSpaces(byte[] b, int i, int end) {
    while (i < end && isSpace(b[i])) {
      i++;
    }
    return i;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
