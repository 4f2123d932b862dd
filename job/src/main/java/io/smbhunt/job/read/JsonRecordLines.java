package io.smbhunt.job.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Turns a file that holds a JSON array of records into JSON lines, one element per line, so the
 * line reader, the decoders and the quarantine treat each element as they treat a line. Exports
 * come this way: the later Security-Datasets files are one line holding an array of events (Azure
 * Monitor Agent exports), and API and Kibana exports, golden files and {@code jq .} output are
 * arrays printed over many lines. Read as lines, the first is one quarantined line for a whole
 * dataset, the second hundreds of quarantined fragments.
 *
 * <p>A stream whose first byte after white space is not {@code [} passes through untouched (and at
 * no cost: reads go straight to it). In an array, white space and the commas between elements are
 * dropped, each element is copied with its own line breaks (outside strings) removed and ends with
 * a newline, so the element number becomes the line number. The array's own brackets and commas are
 * not checked: every element is validated as any line is, and a truncated file leaves a truncated
 * last element, which is quarantined. No byte of an element is dropped. After the closing bracket
 * another array may follow (several pages of one export, concatenated); anything else there is
 * passed on as lines.
 */
final class JsonArrayLines extends FilterInputStream {

  private enum State {
    BETWEEN_ELEMENTS,
    IN_ELEMENT,
    AFTER_ARRAY,
    PASS_THROUGH
  }

  private static final int CHUNK = 64 * 1024;

  private final byte[] in = new byte[CHUNK];
  private int inPos;
  private int inEnd;

  private State state = State.BETWEEN_ELEMENTS;

  /** Brackets open inside the current element. */
  private int depth;

  private boolean inString;
  private boolean escaped;

  /** A newline that ends an element and has not fitted into the caller's buffer yet. */
  private boolean pendingNewline;

  private JsonArrayLines(InputStream arrayAfterBracket) {
    super(arrayAfterBracket);
  }

  /** {@code stream} as lines when it holds a JSON array, else {@code stream} itself (peeked). */
  static InputStream wrap(InputStream stream) throws IOException {
    PushbackInputStream peekable = new PushbackInputStream(stream, CHUNK);
    byte[] head = new byte[CHUNK];
    int n = 0;
    while (n < head.length) {
      int b = peekable.read();
      if (b < 0) {
        break;
      }
      head[n++] = (byte) b;
      if (!isWhitespace(b)) {
        if (b == '[') {
          return new JsonArrayLines(peekable);
        }
        break;
      }
    }
    peekable.unread(head, 0, n);
    return peekable;
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
        case BETWEEN_ELEMENTS:
          if (b == ']') {
            state = State.AFTER_ARRAY;
          } else if (!isWhitespace(b) && b != ',') {
            state = State.IN_ELEMENT;
            inPos--; // the element's first byte
          }
          break;
        case IN_ELEMENT:
          o = copyElementByte(b, out, o);
          break;
        case AFTER_ARRAY:
          if (b == '[') {
            state = State.BETWEEN_ELEMENTS;
          } else if (!isWhitespace(b)) {
            state = State.PASS_THROUGH;
            inPos--;
          }
          break;
        default:
          throw new IllegalStateException(state.toString());
      }
    }
    return o - off;
  }

  /** At the end of the input a cut-off element still ends its line, so it is seen whole. */
  private int endOfInput(byte[] out, int o, int off) {
    if (state == State.IN_ELEMENT) {
      state = State.AFTER_ARRAY;
      out[o++] = '\n';
    }
    return o > off ? o - off : -1;
  }

  private int copyElementByte(int b, byte[] out, int o) {
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
          state = State.AFTER_ARRAY;
          pendingNewline = true;
          return o;
        }
        depth--;
        if (depth == 0) {
          out[o++] = (byte) b;
          return endElement(o);
        }
        break;
      case ',':
        if (depth == 0) {
          return endElement(o);
        }
        break;
      case '\n':
      case '\r':
        return o; // a pretty-printed element's line breaks
      default:
        break;
    }
    out[o++] = (byte) b;
    return o;
  }

  /** The newline goes out on the next step, so each step writes at most one byte. */
  private int endElement(int o) {
    state = State.BETWEEN_ELEMENTS;
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
