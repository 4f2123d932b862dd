package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_TSV_HEADER;
import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_UTF8;
import static io.smbhunt.udf.flow.FlowDecodeResult.MISSING_TSV_HEADER;
import static io.smbhunt.udf.flow.FlowDecodeResult.UNKNOWN_ZEEK_LOG;
import static io.smbhunt.udf.flow.FlowDecodeResult.WRONG_FIELD_COUNT;

import io.smbhunt.udf.json.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Zeek's default ASCII logs: {@code #separator \x09}, then {@code #set_separator}, {@code
 * #empty_field}, {@code #unset_field}, {@code #path}, {@code #open}, {@code #fields}, {@code
 * #types} header lines, tab-separated records, and {@code #close}. Header and comment lines are
 * NOT_RELEVANT; they configure how the records that follow are read:
 *
 * <ul>
 *   <li>values are split on the {@code #separator} (tab unless the header says otherwise);
 *   <li>the {@code #unset_field} value ({@code -}) is a missing value, the {@code #empty_field}
 *       value ({@code (empty)}) an empty string, everything else is unescaped by {@link
 *       ZeekTsvText};
 *   <li>columns are found by their {@code #fields} names, so extra or reordered columns are fine,
 *       but a record with a different number of values than the header names is quarantined;
 *   <li>the log comes from {@code #path}, else the file name, else the {@code #fields} names.
 * </ul>
 *
 * <p>A new {@code #separator} line starts a new header, so concatenated logs ({@code cat a.log
 * b.log}) decode correctly. A trailing CR (a log that passed through Windows) is dropped.
 */
final class ZeekTsvDecoder extends FlowFileDecoder implements ZeekRowMapper.Values {

  private final ZeekRepeats repeats = new ZeekRepeats();

  private static final byte[] TAB = {'\t'};
  private static final byte[] DEFAULT_UNSET = {'-'};
  private static final byte[] DEFAULT_EMPTY = "(empty)".getBytes(StandardCharsets.US_ASCII);

  private final String fileName;

  private byte[] separator = TAB;
  private byte[] unset = DEFAULT_UNSET;
  private byte[] empty = DEFAULT_EMPTY;
  private String path;

  /** Number of {@code #fields} columns; -1 before the first {@code #fields} line. */
  private int fieldCount = -1;

  /** For each {@link ZeekField}, its column index, or -1. */
  private final int[] columnOf = new int[ZeekField.values().length];

  private ZeekLog log;

  /** The {@code #fields} names of the current header. */
  private List<String> columns = List.of();

  /** Value boundaries of the current line, reused. */
  private int[] starts = new int[32];

  private int[] ends = new int[32];
  private byte[] buf;

  ZeekTsvDecoder(String fileName) {
    super(FlowFormat.ZEEK_TSV);
    this.fileName = fileName;
    Arrays.fill(columnOf, -1);
  }

  @Override
  public FlowDecodeResult decode(byte[] b, int off, int len, String source, long line) {
    int end = off + len;
    if (end > off && b[end - 1] == '\r') {
      end--;
    }
    if (end == off) {
      return result.quarantine("blank_line", "the line is empty");
    }
    int bad = Utf8.firstInvalid(b, off, end);
    if (bad >= 0) {
      return result.quarantine(
          INVALID_UTF8, String.format("invalid UTF-8 byte 0x%02x at byte %d", b[bad] & 0xFF, bad));
    }
    if (b[off] == '#') {
      return header(b, off, end);
    }
    if (fieldCount < 0) {
      return result.quarantine(
          MISSING_TSV_HEADER, "a data line before any #fields header: its columns are unknown");
    }
    int n = split(b, off, end);
    if (n != fieldCount) {
      return result.quarantine(
          WRONG_FIELD_COUNT, "the line has " + n + " values, #fields names " + fieldCount);
    }
    if (log == null) {
      if (path != null) {
        return result.notRelevant(); // #path names another log (conn, smb_cmd, …)
      }
      return result.quarantine(
          UNKNOWN_ZEEK_LOG, "no #path, a file name that names no SMB log, and no telling #fields");
    }
    this.buf = b;
    return ZeekRowMapper.map(log, this, repeats, source, line, result);
  }

  @Override
  public String get(ZeekField f) {
    int col = columnOf[f.ordinal()];
    if (col < 0) {
      return null;
    }
    int s = starts[col];
    int e = ends[col];
    if (equalsBytes(buf, s, e, unset)) {
      return null;
    }
    if (equalsBytes(buf, s, e, empty)) {
      return "";
    }
    return ZeekTsvText.decode(buf, s, e);
  }

  private FlowDecodeResult header(byte[] b, int off, int end) {
    if (startsWith(b, off, end, "#separator")) {
      return separatorLine(b, off, end);
    }
    List<String> tokens = tokens(b, off, end);
    String key = tokens.get(0);
    String value = tokens.size() > 1 ? tokens.get(1) : null;
    switch (key) {
      case "#unset_field":
        unset = value == null ? DEFAULT_UNSET : value.getBytes(StandardCharsets.UTF_8);
        break;
      case "#empty_field":
        empty = value == null ? DEFAULT_EMPTY : value.getBytes(StandardCharsets.UTF_8);
        break;
      case "#path":
        path = value;
        if (fieldCount >= 0) {
          log = resolveLog(); // a #path after #fields still counts
        }
        break;
      case "#fields":
        return fieldsLine(tokens);
      default: // #set_separator, #open, #types, #close, comments
        break;
    }
    return result.notRelevant();
  }

  /** {@code #separator \x09}: the one header line separated by a space, not the separator. */
  private FlowDecodeResult separatorLine(byte[] b, int off, int end) {
    int v = off + "#separator".length();
    if (v >= end || b[v] != ' ' || v + 1 >= end) {
      return result.quarantine(INVALID_TSV_HEADER, "#separator without a value");
    }
    String text = ZeekTsvText.decode(b, v + 1, end);
    // A new header begins: forget the previous log's settings (concatenated files).
    separator = text.getBytes(StandardCharsets.UTF_8);
    unset = DEFAULT_UNSET;
    empty = DEFAULT_EMPTY;
    path = null;
    log = null;
    fieldCount = -1;
    columns = List.of();
    Arrays.fill(columnOf, -1);
    return result.notRelevant();
  }

  private FlowDecodeResult fieldsLine(List<String> tokens) {
    if (tokens.size() < 2) {
      fieldCount = -1;
      return result.quarantine(INVALID_TSV_HEADER, "#fields names no column");
    }
    columns = new ArrayList<>(tokens.subList(1, tokens.size()));
    Arrays.fill(columnOf, -1);
    for (int c = 0; c < columns.size(); c++) {
      for (ZeekField f : ZeekField.values()) {
        if (columnOf[f.ordinal()] < 0 && f.matchesColumn(columns.get(c))) {
          columnOf[f.ordinal()] = c;
        }
      }
    }
    fieldCount = columns.size();
    if (starts.length < fieldCount) {
      starts = new int[fieldCount];
      ends = new int[fieldCount];
    }
    log = resolveLog();
    return result.notRelevant();
  }

  /** {@code #path}, else the file name, else the columns; {@code null} if #path is another log. */
  private ZeekLog resolveLog() {
    if (path != null) {
      return ZeekLog.fromPath(path);
    }
    ZeekLog fromName = ZeekLog.fromFileName(fileName);
    if (fromName != null) {
      return fromName;
    }
    return ZeekLog.fromFields(
        columns.contains("action"),
        columns.contains("share_type") || columns.contains("service"),
        columns.contains("endpoint")
            || columns.contains("operation")
            || columns.contains("named_pipe"));
  }

  /** Splits {@code b[off, end)} on the separator into {@link #starts}/{@link #ends}. */
  private int split(byte[] b, int off, int end) {
    int n = 0;
    int s = off;
    int i = off;
    byte first = separator[0];
    while (i <= end) {
      boolean atSep =
          i < end && b[i] == first && (separator.length == 1 || startsWith(b, i, end, separator));
      if (i == end || atSep) {
        if (n < starts.length) {
          starts[n] = s;
          ends[n] = i;
        }
        n++;
        i += (i == end) ? 1 : separator.length;
        s = i;
      } else {
        i++;
      }
    }
    return n;
  }

  private List<String> tokens(byte[] b, int off, int end) {
    List<String> out = new ArrayList<>();
    int n = split(b, off, end);
    if (n > starts.length) { // a header wider than the buffers: grow and split again
      starts = new int[n];
      ends = new int[n];
      n = split(b, off, end);
    }
    for (int k = 0; k < n; k++) {
      out.add(ZeekTsvText.decode(b, starts[k], ends[k]));
    }
    return out;
  }

  private static boolean startsWith(byte[] b, int off, int end, String ascii) {
    return startsWith(b, off, end, ascii.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean startsWith(byte[] b, int off, int end, byte[] prefix) {
    if (end - off < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (b[off + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalsBytes(byte[] b, int s, int e, byte[] v) {
    return e - s == v.length && startsWith(b, s, e, v);
  }
}
