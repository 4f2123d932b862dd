package io.smbhunt.job.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Turns a file of JSON records that are not one per line into JSON lines, one record per line, so
 * the line reader, the decoders and the quarantine treat each record as they treat a line. Two
 * kinds of files come this way:
 *
 * <ul>
 *   <li>a JSON array of records: the later Security-Datasets files are one line holding an array of
 *       events (Azure Monitor Agent exports); API and Kibana exports and golden files are arrays
 *       printed over many lines;
 *   <li>pretty-printed records, one after another: {@code jq .} output, evtx_dump's default output,
 *       one event per file as Sigma's regression data keeps them.
 * </ul>
 *
 * Read as lines, the first is one quarantined line for a whole dataset, both are hundreds of
 * quarantined fragments.
 *
 * <p>A stream passes through untouched (and at no cost: reads go straight to it) unless its first
 * byte after white space is {@code [}, or is <code>{</code> with nothing but white space after it
 * on its line (no JSON line looks like that). Otherwise every top-level value is a record, and so
 * is every element of a top-level array: white space and the commas between elements are dropped,
 * each record is copied with its own line breaks (outside strings) removed and ends with a newline,
 * so the record number becomes the line number. The brackets and commas around records are not
 * checked: every record is validated as any line is, and a truncated file leaves a truncated last
 * record, which is quarantined. No byte of a record is dropped. Bytes that start no record (neither
 * an object nor an array) are passed on as lines from there to the end.
 */
final class JsonRecordLines extends FilterInputStream {

  private enum State {
    /** Between top-level values. */
    TOP,
    /** Inside a top-level array, between its elements. */
    BETWEEN_ELEMENTS,
    /** Copying a record. */
    IN_RECORD,
    PASS_THROUGH
  }

  private static final int CHUNK = 64 * 1024;

  private final byte[] in = new byte[CHUNK];
  private int inPos;
  private int inEnd;

  private State state = State.TOP;

  /** Whether the current record is an element of a top-level array. */
  private boolean inArray;

  /** Brackets open inside the current record. */
  private int depth;

  private boolean inString;
  private boolean escaped;

  /** A newline that ends a record and has not gone out yet. */
  private boolean pendingNewline;

  private JsonRecordLines(InputStream records) {
    super(records);
  }

  /**
   * {@code stream} as lines when it holds an array or pretty-printed records, else {@code stream}
   * itself (peeked).
   */
  static InputStream wrap(InputStream stream) throws IOException {
    PushbackInputStream peekable = new PushbackInputStream(stream, CHUNK);
    byte[] head = new byte[CHUNK];
    int n = 0;
    int first = -1;
    while (n < head.length) {
      int b = peekable.read();
      if (b < 0) {
        break;
      }
      head[n++] = (byte) b;
      if (first < 0) {
        if (isWhitespace(b)) {
          continue;
        }
        first = b;
        if (b == '[') {
          break;
        }
        if (b != '{') {
          break;
        }
      } else if (b == '\n') {
        break; // "{" alone on its line: pretty-printed
      } else if (!isWhitespace(b)) {
        first = -2; // "{" and more on its line: a JSON line
        break;
      }
    }
    peekable.unread(head, 0, n);
    boolean records = first == '[' || (first == '{' && n > 0 && head[n - 1] == '\n');
    return records ? new JsonRecordLines(peekable) : peekable;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] out, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int o = off;
    int end = off + len;
    while (o < end) {
      if (pendingNewline) {
        out[o++] = '\n';
        pendingNewline = false;
        continue;
      }
      if (inPos == inEnd) {
        if (o > off) {
          break; // hand over what is ready before blocking on more input
        }
        inEnd = super.read(in, 0, CHUNK);
        inPos = 0;
        if (inEnd <= 0) {
          inEnd = 0;
          return endOfInput(out, o, off);
        }
      }
      if (state == State.PASS_THROUGH) {
        int n = Math.min(end - o, inEnd - inPos);
        System.arraycopy(in, inPos, out, o, n);
        inPos += n;
        o += n;
        continue;
      }
      int b = in[inPos++] & 0xFF;
      switch (state) {
        case TOP:
          if (b == '[') {
            state = State.BETWEEN_ELEMENTS;
          } else if (b == '{') {
            startRecord(false);
          } else if (!isWhitespace(b)) {
            state = State.PASS_THROUGH;
            inPos--;
          }
          break;
        case BETWEEN_ELEMENTS:
          if (b == ']') {
            state = State.TOP;
          } else if (!isWhitespace(b) && b != ',') {
            startRecord(true);
          }
          break;
        case IN_RECORD:
          o = copyRecordByte(b, out, o);
          break;
        default:
          throw new IllegalStateException(state.toString());
      }
    }
    return o - off;
  }

  /** Starts a record at the byte just read, which is copied as the record's first. */
  private void startRecord(boolean element) {
    state = State.IN_RECORD;
    inArray = element;
    depth = 0;
    inString = false;
    escaped = false;
    inPos--;
  }

  /** At the end of the input a cut-off record still ends its line, so it is seen whole. */
  private int endOfInput(byte[] out, int o, int off) {
    if (state == State.IN_RECORD) {
      state = State.TOP;
      out[o++] = '\n';
    }
    return o > off ? o - off : -1;
  }

  private int copyRecordByte(int b, byte[] out, int o) {
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (b == '\\') {
        escaped = true;
      } else if (b == '"') {
        inString = false;
      }
      out[o++] = (byte) b;
      return o;
    }
    switch (b) {
      case '"':
        inString = true;
        break;
      case '{':
      case '[':
        depth++;
        break;
      case '}':
      case ']':
        if (depth == 0) {
          // The array's closing bracket right after a number, true, false or null.
          state = State.TOP;
          pendingNewline = true;
          return o;
        }
        depth--;
        if (depth == 0) {
          out[o++] = (byte) b;
          return endRecord(o);
        }
        break;
      case ',':
        if (depth == 0) {
          return endRecord(o);
        }
        break;
      case '\n':
      case '\r':
        return o; // a pretty-printed record's line breaks
      default:
        break;
    }
    out[o++] = (byte) b;
    return o;
  }

  /** The newline goes out on the next step, so each step writes at most one byte. */
  private int endRecord(int o) {
    state = inArray ? State.BETWEEN_ELEMENTS : State.TOP;
    pendingNewline = true;
    return o;
  }

  private static boolean isWhitespace(int b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public int available() {
    return inEnd - inPos;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
