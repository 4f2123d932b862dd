package io.smbhunt.job.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Looks at the first bytes of an archive's text to tell JSON lines (and any other line format) from
 * JSON records that are not one per line, which {@link JsonRecordLines} turns into lines. A stream
 * holds records when its first byte after white space is {@code [}, or is <code>{</code> with
 * nothing but white space after it on its line (no JSON line looks like that), or when it starts
 * with evtx_dump's {@code Record 1}. Every archive stream passes here before its lines are split.
 */
final class JsonFileLayout {

  /** How far a file is peeked; a first line not complete by then is read as a line. */
  static final int PEEK_BYTES = 64 * 1024;

  private enum Layout {
    UNDECIDED,
    LINES,
    RECORDS
  }

  private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** evtx_dump's line before each record, {@code Record N}. */
  static final byte[] RECORD_MARK = {'R', 'e', 'c', 'o', 'r', 'd', ' '};

  private JsonFileLayout() {}

  /**
   * {@code stream} as lines when it holds an array or pretty-printed records, else {@code stream}
   * itself (peeked). Either way a UTF-8 byte order mark at its start is dropped: Windows tools
   * (PowerShell's {@code Out-File -Encoding utf8}, {@code ConvertTo-Json}, Notepad, many exporters)
   * start a file with EF BB BF. It is not part of the first line or record: left in, it would make
   * that line, a whole event, a quarantined non-JSON line, and hide a Zeek TSV header. Every
   * archive stream passes here before its lines are split, so this is the one place that knows it.
   */
  static InputStream wrap(InputStream stream) throws IOException {
    PushbackInputStream peekable = new PushbackInputStream(stream, PEEK_BYTES);
    byte[] head = new byte[PEEK_BYTES];
    int n = 0;
    Layout layout = Layout.UNDECIDED;
    while (n < head.length) {
      int r = peekable.read(head, n, head.length - n);
      if (r < 0) {
        break;
      }
      n += r;
      layout = layoutOf(head, n);
      if (layout != Layout.UNDECIDED) {
        break;
      }
    }
    int bom = startsWith(head, n, BYTE_ORDER_MARK) ? BYTE_ORDER_MARK.length : 0;
    peekable.unread(head, bom, n - bom);
    return layout == Layout.RECORDS ? new JsonRecordLines(peekable) : peekable;
  }

  /** What the first {@code n} bytes say: records, lines, or not yet known. */
  private static Layout layoutOf(byte[] head, int n) {
    int i = 0;
    if (n < BYTE_ORDER_MARK.length && isPrefix(head, 0, n, BYTE_ORDER_MARK)) {
      return Layout.UNDECIDED;
    }
    if (startsWith(head, n, BYTE_ORDER_MARK)) {
      i = BYTE_ORDER_MARK.length;
    }
    while (i < n && isWhitespace(head[i])) {
      i++;
    }
    if (i == n) {
      return Layout.UNDECIDED;
    }
    if (head[i] == '[') {
      return Layout.RECORDS;
    }
    int end = i;
    while (end < n && head[end] != '\n') {
      end++;
    }
    if (end == n) {
      return Layout.UNDECIDED; // the first line is not complete yet
    }
    return startsRecords(head, i, end) ? Layout.RECORDS : Layout.LINES;
  }

  /** Whether the line {@code b[from, to)} opens a pretty-printed record or is evtx_dump's mark. */
  static boolean startsRecords(byte[] b, int from, int to) {
    while (to > from && isWhitespace(b[to - 1])) {
      to--;
    }
    if (to - from == 1 && b[from] == '{') {
      return true;
    }
    if (to - from <= RECORD_MARK.length || !isPrefix(b, from, RECORD_MARK.length, RECORD_MARK)) {
      return false;
    }
    for (int k = from + RECORD_MARK.length; k < to; k++) {
      if (b[k] < '0' || b[k] > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] b, int n, byte[] prefix) {
    return n >= prefix.length && isPrefix(b, 0, prefix.length, prefix);
  }

  /** Whether {@code b[from, from+n)} equals the first {@code n} bytes of {@code prefix}. */
  private static boolean isPrefix(byte[] b, int from, int n, byte[] prefix) {
    for (int k = 0; k < n; k++) {
      if (b[from + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  static boolean isWhitespace(int b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }
}
