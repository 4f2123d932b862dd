package io.smbhunt.udf.json;

import java.nio.charset.StandardCharsets;
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

  private final PathTrie root;
  private final byte[] type;
  private final int[] start;
  private final int[] end;
  private final boolean[] escaped;

  /** The reusable view {@link #chars} hands out. */
  private final ByteChars view = new ByteChars();

  private byte[] buf;
  private int pos;
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
      skipWhitespace();
      if (pos >= limit) {
        return fail("blank_line", "the line is empty or only white space");
      }
      if (buf[pos] != '{') {
        return fail("not_json_object", "the line is not a JSON object (starts with " + at() + ")");
      }
      parseObject(root, 1);
      skipWhitespace();
      if (pos < limit) {
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

  private void parseObject(PathTrie node, int depth) {
    if (depth > MAX_DEPTH) {
      fail("invalid_json", "nested deeper than " + MAX_DEPTH + " levels");
      throw ScanError.INSTANCE;
    }
    pos++; // '{'
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      if (peek() != '"') {
        throw syntax("expected a field name in quotes");
      }
      int keyStart = pos + 1;
      boolean keyEscaped = scanString();
      int keyEnd = pos - 1;
      skipWhitespace();
      if (peek() != ':') {
        throw syntax("expected ':' after a field name");
      }
      pos++;
      skipWhitespace();
      PathTrie child =
          node == null ? null : node.child(buf, keyStart, keyEnd, keyEscaped ? this : null);
      if (child != null && child.slot >= 0) {
        capture(child, depth);
      } else if (child != null && peek() == '{') {
        parseObject(child, depth + 1);
      } else {
        skipValue(depth);
      }
      skipWhitespace();
      int c = peek();
      if (c == ',') {
        pos++;
        skipWhitespace();
      } else if (c == '}') {
        pos++;
        return;
      } else {
        throw syntax("expected ',' or '}' in an object");
      }
    }
  }

  private void capture(PathTrie leaf, int depth) {
    int slot = leaf.slot;
    int c = peek();
    if (c == '"') {
      start[slot] = pos + 1;
      escaped[slot] = scanString();
      end[slot] = pos - 1;
      type[slot] = STRING;
    } else {
      start[slot] = pos;
      byte t = skipValue(depth);
      end[slot] = pos;
      type[slot] = t;
      escaped[slot] = false;
    }
  }

  /** Skips one value of any kind, checking its grammar; returns its type. */
  private byte skipValue(int depth) {
    int c = peek();
    switch (c) {
      case '"':
        scanString();
        return STRING;
      case '{':
        parseObject(null, depth + 1);
        return OBJECT;
      case '[':
        skipArray(depth + 1);
        return ARRAY;
      case 't':
        literal("true");
        return TRUE;
      case 'f':
        literal("false");
        return FALSE;
      case 'n':
        literal("null");
        return NULL;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          skipNumber();
          return NUMBER;
        }
        throw syntax("expected a value");
    }
  }

  private void skipArray(int depth) {
    if (depth > MAX_DEPTH) {
      fail("invalid_json", "nested deeper than " + MAX_DEPTH + " levels");
      throw ScanError.INSTANCE;
    }
    pos++; // '['
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return;
    }
    while (true) {
      skipValue(depth);
      skipWhitespace();
      int c = peek();
      if (c == ',') {
        pos++;
        skipWhitespace();
      } else if (c == ']') {
        pos++;
        return;
      } else {
        throw syntax("expected ',' or ']' in an array");
      }
    }
  }

  /**
   * Moves past a string whose opening quote is at {@code pos}; returns whether it held escapes.
   * Checks escapes and UTF-8 on the way: this loop sees almost every byte of the archive.
   */
  private boolean scanString() {
    final byte[] b = buf;
    final int lim = limit;
    int i = pos + 1;
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
        pos = i + 1;
        return hasEscape;
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
      pos = i;
      throw syntax("the line ends inside an escape sequence");
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
          pos = i;
          throw syntax("the line ends inside a \\u escape");
        }
        for (int k = i + 2; k < i + 6; k++) {
          if (JsonStrings.hexValue(buf[k]) < 0) {
            pos = k;
            throw syntax("bad hex digit in a \\u escape");
          }
        }
        return i + 6;
      default:
        pos = i + 1;
        throw syntax("unknown escape sequence");
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

  private void skipNumber() {
    int i = pos;
    if (buf[i] == '-') {
      i++;
    }
    if (i >= limit) {
      pos = i;
      throw syntax("the line ends inside a number");
    }
    if (buf[i] == '0') {
      i++;
    } else if (buf[i] >= '1' && buf[i] <= '9') {
      while (i < limit && buf[i] >= '0' && buf[i] <= '9') {
        i++;
      }
    } else {
      pos = i;
      throw syntax("bad number");
    }
    if (i < limit && buf[i] == '.') {
      i++;
      int digits = i;
      while (i < limit && buf[i] >= '0' && buf[i] <= '9') {
        i++;
      }
      if (i == digits) {
        pos = i;
        throw syntax("bad number (no digit after '.')");
      }
    }
    if (i < limit && (buf[i] == 'e' || buf[i] == 'E')) {
      i++;
      if (i < limit && (buf[i] == '+' || buf[i] == '-')) {
        i++;
      }
      int digits = i;
      while (i < limit && buf[i] >= '0' && buf[i] <= '9') {
        i++;
      }
      if (i == digits) {
        pos = i;
        throw syntax("bad number (no digit in the exponent)");
      }
    }
    pos = i;
  }

  private void literal(String word) {
    int n = word.length();
    if (pos + n > limit) {
      throw syntax("the line ends inside a literal");
    }
    for (int k = 0; k < n; k++) {
      if (buf[pos + k] != word.charAt(k)) {
        throw syntax("expected " + word);
      }
    }
    pos += n;
  }

  private void skipWhitespace() {
    while (pos < limit) {
      byte c = buf[pos];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        pos++;
      } else {
        return;
      }
    }
  }

  private int peek() {
    if (pos >= limit) {
      fail("invalid_json", "the line ends in the middle of the JSON (truncated?)");
      throw ScanError.INSTANCE;
    }
    return buf[pos];
  }

  private String at() {
    if (pos >= limit) {
      return "the end of the line";
    }
    int c = buf[pos] & 0xFF;
    return (c >= 0x20 && c < 0x7F) ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
  }

  private ScanError syntax(String what) {
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
