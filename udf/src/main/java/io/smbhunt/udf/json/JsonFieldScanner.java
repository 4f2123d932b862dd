package io.smbhunt.udf.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates one line of JSON in a single pass over its bytes and captures only the values of a
 * fixed set of field paths; everything else is skipped without building objects.
 *
 * <p>Why not Jackson's tree model: 97% of archived lines cannot match any analytic, and building a
 * tree (or even Strings) for them costs more than the whole rest of the job. This scanner still
 * checks the full JSON grammar and UTF-8, so a broken line is always quarantined, never silently
 * counted as "not relevant".
 *
 * <p>Not thread-safe: one instance per decoder, reused for every line. Longer than our other
 * classes on purpose: the whole grammar is one tight loop over one buffer, and splitting it would
 * put a call boundary and shared mutable state between the parts of the hottest code in the job.
 */
public final class JsonFieldScanner {

  /** Type of a captured value. */
  public static final byte ABSENT = 0;

  public static final byte STRING = 1;
  public static final byte NUMBER = 2;
  public static final byte TRUE = 3;
  public static final byte FALSE = 4;
  public static final byte NULL = 5;
  public static final byte OBJECT = 6;
  public static final byte ARRAY = 7;

  /** Deeper nesting than this is rejected rather than risking the stack on hostile input. */
  private static final int MAX_DEPTH = 64;

  private static final byte[] TRUE_BYTES = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE_BYTES = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL_BYTES = {'n', 'u', 'l', 'l'};

  private final PathTrie root;
  private final byte[] type;
  private final int[] start;
  private final int[] end;
  private final boolean[] escaped;

  /** The reusable view {@link #chars} hands out. */
  private final ByteChars view = new ByteChars();

  private byte[] buf;

  /** Where a failed scan stopped, for its message; not updated while scanning. */
  private int pos;

  /** Whether the string {@link #scanString} last moved past held escape sequences. */
  private boolean lastStringEscaped;

  private int limit;
  private String error;
  private String errorDetail;

  /**
   * @param paths the field paths to capture, each a list of object keys from the top level down;
   *     slot {@code i} of the results belongs to {@code paths.get(i)}
   */
  public JsonFieldScanner(List<List<String>> paths) {
    this.root = PathTrie.build(paths);
    int n = paths.size();
    this.type = new byte[n];
    this.start = new int[n];
    this.end = new int[n];
    this.escaped = new boolean[n];
  }

  /**
   * Scans {@code buf[off, off+len)}. Returns {@code true} for a valid JSON object; otherwise {@link
   * #error()} and {@link #errorDetail()} say why. The bytes must stay unchanged while the captured
   * values are read.
   */
  public boolean scan(byte[] buf, int off, int len) {
    this.buf = buf;
    this.pos = off;
    this.limit = off + len;
    this.error = null;
    this.errorDetail = null;
    java.util.Arrays.fill(type, ABSENT);
    try {
      int i = skipWhitespace(buf, off, limit);
      pos = i;
      if (i >= limit) {
        return fail("blank_line", "the line is empty or only white space");
      }
      if (buf[i] != '{') {
        return fail("not_json_object", "the line is not a JSON object (starts with " + at() + ")");
      }
      i = skipWhitespace(buf, parseObject(root, 1, i), limit);
      if (i < limit) {
        pos = i;
        return fail("invalid_json", "unexpected " + at() + " after the end of the object");
      }
      return true;
    } catch (ScanError e) {
      return false;
    }
  }

  /** A stable reason code for the last failed scan, e.g. {@code invalid_json}. */
  public String error() {
    return error;
  }

  /** A sentence for a person saying where and what was wrong. */
  public String errorDetail() {
    return errorDetail;
  }

  public byte type(int slot) {
    return type[slot];
  }

  public boolean isString(int slot) {
    return type[slot] == STRING;
  }

  /** The captured string value (unescaped), or {@code null} if the slot is not a string. */
  public String string(int slot) {
    if (type[slot] != STRING) {
      return null;
    }
    if (!escaped[slot]) {
      return new String(buf, start[slot], end[slot] - start[slot], StandardCharsets.UTF_8);
    }
    return JsonStrings.unescape(buf, start[slot], end[slot]);
  }

  /**
   * The captured string value as characters without building a String when it has no escapes (a
   * view over the line's bytes, each byte one char, valid until the next {@link #scan}); the
   * unescaped String otherwise; {@code null} if the slot is not a string. For values that are read
   * on every line and must be ASCII to be valid, such as timestamps: a non-ASCII byte shows as a
   * char above 0x7f, never as a letter or digit of the ASCII range.
   */
  public CharSequence chars(int slot) {
    if (type[slot] != STRING) {
      return null;
    }
    if (escaped[slot]) {
      return JsonStrings.unescape(buf, start[slot], end[slot]);
    }
    view.set(buf, start[slot], end[slot]);
    return view;
  }

  /** Bytes read as chars (Latin-1), for {@link #chars}; {@link #toString} decodes UTF-8. */
  private static final class ByteChars implements CharSequence {
    private byte[] bytes;
    private int from;
    private int to;

    void set(byte[] bytes, int from, int to) {
      this.bytes = bytes;
      this.from = from;
      this.to = to;
    }

    @Override
    public int length() {
      return to - from;
    }

    @Override
    public char charAt(int index) {
      return (char) (bytes[from + index] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return toString().subSequence(start, end);
    }

    @Override
    public String toString() {
      return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
  }

  /**
   * The elements of a captured array whose elements are all strings, unescaped, in order; {@code
   * null} if the slot is not such an array. Rare (a shipper's list-valued field), so it allocates.
   */
  public List<String> stringElements(int slot) {
    if (type[slot] != ARRAY) {
      return null;
    }
    List<String> elements = new ArrayList<>();
    int i = start[slot] + 1; // past '['
    int last = end[slot] - 1; // the ']'
    while (true) {
      i = skipWhitespace(buf, i, last);
      if (i >= last) {
        return elements;
      }
      if (buf[i] != '"') {
        return null;
      }
      // The scan already validated the array: a quote not taken by a backslash ends the string.
      int from = i + 1;
      boolean hasEscape = false;
      int k = from;
      while (buf[k] != '"') {
        if (buf[k] == '\\') {
          hasEscape = true;
          k++;
        }
        k++;
      }
      elements.add(
          hasEscape
              ? JsonStrings.unescape(buf, from, k)
              : new String(buf, from, k - from, StandardCharsets.UTF_8));
      i = skipWhitespace(buf, k + 1, last);
      if (i < last) {
        i++; // the ','
      }
    }
  }

  /**
   * Scans the object captured in {@code slot} with {@code inner}, for a field whose value is
   * sometimes an object (evtx_dump writes an EventID with qualifiers as {@code {"#attributes": {…},
   * "#text": 7045}}); {@code false} if the slot holds no object.
   */
  public boolean scanObject(int slot, JsonFieldScanner inner) {
    return type[slot] == OBJECT && inner.scan(buf, start[slot], end[slot] - start[slot]);
  }

  /** The raw text of a captured number (as written in the line), or {@code null}. */
  public String numberText(int slot) {
    if (type[slot] != NUMBER) {
      return null;
    }
    return new String(buf, start[slot], end[slot] - start[slot], StandardCharsets.US_ASCII);
  }

  /**
   * Compares a captured, escape-free string with ASCII bytes, ignoring ASCII case, without
   * allocating. Escaped strings are compared after unescaping.
   */
  public boolean stringEqualsIgnoreCase(int slot, byte[] asciiLower) {
    if (type[slot] != STRING) {
      return false;
    }
    if (escaped[slot]) {
      String s = string(slot);
      return s.equalsIgnoreCase(new String(asciiLower, StandardCharsets.US_ASCII));
    }
    int s = start[slot];
    int n = end[slot] - s;
    if (n != asciiLower.length) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      int b = buf[s + i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != asciiLower[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The captured value as a whole number if it is a JSON integer or a string holding only decimal
   * digits (EventID arrives both ways); {@code Long.MIN_VALUE} otherwise.
   */
  public long integer(int slot) {
    byte t = type[slot];
    if (t != NUMBER && !(t == STRING && !escaped[slot])) {
      return Long.MIN_VALUE;
    }
    int s = start[slot];
    int e = end[slot];
    boolean negative = false;
    if (s < e && buf[s] == '-') {
      negative = true;
      s++;
    }
    if (s == e || e - s > 18) {
      return Long.MIN_VALUE;
    }
    long v = 0;
    for (int i = s; i < e; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 9) {
        return Long.MIN_VALUE;
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  // ---- grammar ----
  //
  // Each step takes the index to read at and returns the index after what it read: the position
  // stays in a register through the hottest loop of the job instead of being stored to a field
  // after every byte. The field `pos` is set only on the way out of a failed scan, for the message.

  private int parseObject(PathTrie node, int depth, int i) {
    if (depth > MAX_DEPTH) {
      pos = i;
      fail("invalid_json", "nested deeper than " + MAX_DEPTH + " levels");
      throw ScanError.INSTANCE;
    }
    final byte[] b = buf;
    final int lim = limit;
    i = skipWhitespace(b, i + 1, lim); // past '{'
    if (byteAt(i) == '}') {
      return i + 1;
    }
    while (true) {
      if (byteAt(i) != '"') {
        throw syntax(i, "expected a field name in quotes");
      }
      int keyStart = i + 1;
      i = scanString(i);
      boolean keyEscaped = lastStringEscaped;
      int keyEnd = i - 1;
      i = skipWhitespace(b, i, lim);
      if (byteAt(i) != ':') {
        throw syntax(i, "expected ':' after a field name");
      }
      i = skipWhitespace(b, i + 1, lim);
      PathTrie child =
          node == null ? null : node.child(b, keyStart, keyEnd, keyEscaped ? this : null);
      if (child == null) {
        i = skipValue(depth, i);
      } else if (child.slot >= 0) {
        i = capture(child.slot, depth, i);
      } else if (byteAt(i) == '{') {
        i = parseObject(child, depth + 1, i);
      } else {
        i = skipValue(depth, i);
      }
      i = skipWhitespace(b, i, lim);
      int c = byteAt(i);
      if (c == ',') {
        i = skipWhitespace(b, i + 1, lim);
      } else if (c == '}') {
        return i + 1;
      } else {
        throw syntax(i, "expected ',' or '}' in an object");
      }
    }
  }

  private int capture(int slot, int depth, int i) {
    int c = byteAt(i);
    if (c == '"') {
      start[slot] = i + 1;
      i = scanString(i);
      end[slot] = i - 1;
      type[slot] = STRING;
      escaped[slot] = lastStringEscaped;
      return i;
    }
    start[slot] = i;
    i = skipValue(depth, i);
    end[slot] = i;
    escaped[slot] = false;
    type[slot] =
        c == '{'
            ? OBJECT
            : c == '[' ? ARRAY : c == 't' ? TRUE : c == 'f' ? FALSE : c == 'n' ? NULL : NUMBER;
    return i;
  }

  /** Skips one value of any kind, checking its grammar. */
  private int skipValue(int depth, int i) {
    int c = byteAt(i);
    switch (c) {
      case '"':
        return scanString(i);
      case '{':
        return parseObject(null, depth + 1, i);
      case '[':
        return skipArray(depth + 1, i);
      case 't':
        return literal(i, TRUE_BYTES);
      case 'f':
        return literal(i, FALSE_BYTES);
      case 'n':
        return literal(i, NULL_BYTES);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return skipNumber(i);
        }
        throw syntax(i, "expected a value");
    }
  }

  private int skipArray(int depth, int i) {
    if (depth > MAX_DEPTH) {
      pos = i;
      fail("invalid_json", "nested deeper than " + MAX_DEPTH + " levels");
      throw ScanError.INSTANCE;
    }
    final byte[] b = buf;
    final int lim = limit;
    i = skipWhitespace(b, i + 1, lim); // past '['
    if (byteAt(i) == ']') {
      return i + 1;
    }
    while (true) {
      i = skipWhitespace(b, skipValue(depth, i), lim);
      int c = byteAt(i);
      if (c == ',') {
        i = skipWhitespace(b, i + 1, lim);
      } else if (c == ']') {
        return i + 1;
      } else {
        throw syntax(i, "expected ',' or ']' in an array");
      }
    }
  }

  /**
   * Moves past a string whose opening quote is at {@code i}; returns the index after its closing
   * quote and leaves in {@link #lastStringEscaped} whether it held escapes. Checks escapes and
   * UTF-8 on the way: this loop sees almost every byte of the archive.
   */
  private int scanString(int i) {
    final byte[] b = buf;
    final int lim = limit;
    i++;
    boolean hasEscape = false;
    while (i < lim) {
      if (i + 8 <= lim) {
        long stops = Swar.stringStops(b, i);
        if (stops == 0) {
          i += 8;
          continue;
        }
        i += Swar.firstByte(stops);
      }
      int c = b[i];
      if (c == '"') {
        lastStringEscaped = hasEscape;
        return i + 1;
      }
      if (c == '\\') {
        hasEscape = true;
        i = checkEscape(i);
      } else if (c < 0) {
        i = checkUtf8(i);
      } else {
        i++;
      }
    }
    pos = lim;
    fail("invalid_json", "the line ends inside a string (truncated?)");
    throw ScanError.INSTANCE;
  }

  private int checkEscape(int i) {
    if (i + 1 >= limit) {
      throw syntax(i, "the line ends inside an escape sequence");
    }
    switch (buf[i + 1]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return i + 2;
      case 'u':
        if (i + 5 >= limit) {
          throw syntax(i, "the line ends inside a \\u escape");
        }
        for (int k = i + 2; k < i + 6; k++) {
          if (JsonStrings.hexValue(buf[k]) < 0) {
            throw syntax(k, "bad hex digit in a \\u escape");
          }
        }
        return i + 6;
      default:
        throw syntax(i + 1, "unknown escape sequence");
    }
  }

  /** Validates one multi-byte UTF-8 sequence starting at {@code i}; returns the next index. */
  private int checkUtf8(int i) {
    int next = Utf8.sequenceEnd(buf, i, limit);
    if (next < 0) {
      throw badUtf8(i);
    }
    return next;
  }

  private int skipNumber(int i) {
    final byte[] b = buf;
    final int lim = limit;
    if (b[i] == '-') {
      i++;
    }
    if (i >= lim) {
      throw syntax(i, "the line ends inside a number");
    }
    if (b[i] == '0') {
      i++;
    } else if (b[i] >= '1' && b[i] <= '9') {
      i = skipDigits(b, i + 1, lim);
    } else {
      throw syntax(i, "bad number");
    }
    if (i < lim && b[i] == '.') {
      int digits = i + 1;
      i = skipDigits(b, digits, lim);
      if (i == digits) {
        throw syntax(i, "bad number (no digit after '.')");
      }
    }
    if (i < lim && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < lim && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int digits = i;
      i = skipDigits(b, digits, lim);
      if (i == digits) {
        throw syntax(i, "bad number (no digit in the exponent)");
      }
    }
    return i;
  }

  private static int skipDigits(byte[] b, int i, int lim) {
    while (i < lim && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  private int literal(int i, byte[] word) {
    int n = word.length;
    if (i + n > limit) {
      throw syntax(i, "the line ends inside a literal");
    }
    for (int k = 0; k < n; k++) {
      if (buf[i + k] != word[k]) {
        throw syntax(i, "expected " + new String(word, StandardCharsets.US_ASCII));
      }
    }
    return i + n;
  }

  /** The index of the first byte at or after {@code i} that is not JSON white space. */
  private static int skipWhitespace(byte[] b, int i, int lim) {
    // Archived lines are compact: nearly every call finds a token at once, and one compare
    // (anything above ' ') says so.
    while (i < lim) {
      byte c = b[i];
      if (c > ' ' || (c != ' ' && c != '\t' && c != '\r' && c != '\n')) {
        return i;
      }
      i++;
    }
    return i;
  }

  /** The byte at {@code i}; a line that ends before it is truncated JSON. */
  private int byteAt(int i) {
    if (i >= limit) {
      pos = i;
      fail("invalid_json", "the line ends in the middle of the JSON (truncated?)");
      throw ScanError.INSTANCE;
    }
    return buf[i];
  }

  private String at() {
    if (pos >= limit) {
      return "the end of the line";
    }
    int c = buf[pos] & 0xFF;
    return (c >= 0x20 && c < 0x7F) ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
  }

  private ScanError syntax(int i, String what) {
    pos = i;
    fail("invalid_json", what + " at byte " + pos + ", found " + at());
    return ScanError.INSTANCE;
  }

  private ScanError badUtf8(int i) {
    pos = i;
    fail("invalid_utf8", String.format("invalid UTF-8 byte 0x%02x at byte %d", buf[i] & 0xFF, i));
    return ScanError.INSTANCE;
  }

  private boolean fail(String code, String detail) {
    this.error = code;
    this.errorDetail = detail;
    return false;
  }

  /** Key comparison for escaped keys: rare, so it may allocate. */
  String unescapeKey(byte[] b, int s, int e) {
    return JsonStrings.unescape(b, s, e);
  }

  /** Thrown to unwind a failed scan; carries no stack, the reason is in the scanner. */
  private static final class ScanError extends RuntimeException {
    static final ScanError INSTANCE = new ScanError();

    private ScanError() {
      super(null, null, false, false);
    }
  }
}
