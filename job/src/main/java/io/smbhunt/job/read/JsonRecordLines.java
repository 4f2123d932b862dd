package io.smbhunt.job.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Turns a file of JSON records that are not one per line into JSON lines, one record per line, so
 * the line reader, the decoders and the quarantine treat each record as they treat a line. Two
 * kinds of files come this way:
 *
 * <ul>
 *   <li>a JSON array of records: the later Security-Datasets files are one line holding an array of
 *       events (Azure Monitor Agent exports); API and Kibana exports, PowerShell's {@code
 *       ConvertTo-Json} and golden files are arrays printed over many lines;
 *   <li>pretty-printed records, one after another: {@code jq .} output, one event per file as
 *       Sigma's regression data keeps them, {@code evtx_dump -o json} (whose {@code Record N} line
 *       before each record is dropped).
 * </ul>
 *
 * Read as lines, the first is one quarantined line for a whole dataset, both are hundreds of
 * quarantined fragments.
 *
 * <p>{@link JsonFileLayout} decides which files come here (a file of lines passes straight through,
 * at no cost). Here every element of a top-level array is a record, and so is every <code>
 * {</code> that stands alone on its line at the top level: white space, commas and brackets between
 * records are dropped, each record is copied with its own line breaks (outside strings) removed and
 * ends with a newline, so the record number becomes the line number. Around records nothing is
 * checked: every record is validated as any line is. Anything else at the top level (JSON lines
 * after an array, text) is passed on as it is, as lines, from there to the end.
 *
 * <p>What a broken file gives: a truncated last record is one line, quarantined; a raw line break
 * inside a string splits its record in two; a pretty-printed record whose brackets never close
 * takes the rest of the file into its one quarantined line.
 */
final class JsonRecordLines extends FilterInputStream {

  private enum State {
    /** Between top-level values. */
    TOP,
    /** Holding a top-level line until it says whether it starts a record (see {@link #decide}). */
    TOP_LINE,
    /** Inside a top-level array, between its elements. */
    BETWEEN_ELEMENTS,
    /** Copying a record. */
    IN_RECORD,
    PASS_THROUGH
  }

  private static final int CHUNK = 64 * 1024;

  private static final byte[] RECORD_MARK = JsonFileLayout.RECORD_MARK;

  /** A top-level line is decided within this many bytes; longer, it is passed on as a line. */
  private static final int LINE_LOOKAHEAD = 256;

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

  /** Bytes decided but not yet handed out: a newline ending a record, a line passed on. */
  private final byte[] queue = new byte[LINE_LOOKAHEAD + 1];

  private int queuePos;
  private int queueLen;

  private final byte[] line = new byte[LINE_LOOKAHEAD];
  private int lineLen;

  /** The last byte handed out, so the end of the input does not add an empty line. */
  private byte lastOut = '\n';

  private final byte[] oneByte = new byte[1];

  private static final byte[] NEWLINE = {'\n'};

  /** Records read from {@code records}, as {@link JsonFileLayout#wrap} found them. */
  JsonRecordLines(InputStream records) {
    super(records);
  }

  @Override
  public int read() throws IOException {
    int n;
    do {
      n = read(oneByte, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : oneByte[0] & 0xFF;
  }

  @Override
  public int read(byte[] out, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, out.length);
    if (len == 0) {
      return 0;
    }
    int o = off;
    int end = off + len;
    while (o < end) {
      if (queuePos < queueLen) {
        int n = handOut(queue, queuePos, queueLen, out, o, end);
        queuePos += n;
        o += n;
        continue;
      }
      if (inPos == inEnd) {
        if (o > off) {
          break; // hand over what is ready before blocking on more input
        }
        do {
          inEnd = super.read(in, 0, CHUNK);
        } while (inEnd == 0);
        inPos = 0;
        if (inEnd < 0) {
          inEnd = 0;
          if (endOfInput()) {
            continue;
          }
          return -1;
        }
      }
      if (state == State.PASS_THROUGH) {
        int n = handOut(in, inPos, inEnd, out, o, end);
        inPos += n;
        o += n;
        continue;
      }
      int b = in[inPos++] & 0xFF;
      switch (state) {
        case TOP:
          if (b == '[') {
            state = State.BETWEEN_ELEMENTS;
          } else if (!JsonFileLayout.isWhitespace(b) && b != ',') {
            state = State.TOP_LINE;
            lineLen = 0;
            inPos--;
          }
          break;
        case TOP_LINE:
          line[lineLen++] = (byte) b;
          decide(b);
          break;
        case BETWEEN_ELEMENTS:
          if (b == ']') {
            state = State.TOP;
          } else if (!JsonFileLayout.isWhitespace(b) && b != ',') {
            startRecord(true);
          }
          break;
        case IN_RECORD:
          if (copyRecordByte(b)) {
            out[o++] = (byte) b;
            lastOut = (byte) b;
          }
          break;
        default:
          throw new IllegalStateException(state.toString());
      }
    }
    return o - off;
  }

  /** Copies what fits of {@code from[pos, to)} to {@code out[o, end)}; returns how much. */
  private int handOut(byte[] from, int pos, int to, byte[] out, int o, int end) {
    int n = Math.min(end - o, to - pos);
    System.arraycopy(from, pos, out, o, n);
    lastOut = out[o + n - 1];
    return n;
  }

  /**
   * A top-level line, byte by byte: <code>{</code> alone opens a pretty-printed record, {@code
   * Record N} is evtx_dump's mark and dropped, anything else (a JSON line, text) is passed on with
   * the rest of the input.
   */
  private void decide(int b) {
    if (b == '\n') {
      if (!JsonFileLayout.startsRecords(line, 0, lineLen)) {
        passOn();
      } else if (line[0] == '{') {
        startRecord(false);
        copyRecordByte('{');
        enqueue(line, 0, 1);
      } else {
        state = State.TOP; // evtx_dump's mark
      }
      return;
    }
    boolean stillPossible;
    if (line[0] == '{') {
      stillPossible = lineLen == 1 || JsonFileLayout.isWhitespace(b);
    } else if (lineLen <= RECORD_MARK.length) {
      stillPossible = b == RECORD_MARK[lineLen - 1];
    } else {
      stillPossible = (b >= '0' && b <= '9') || JsonFileLayout.isWhitespace(b);
    }
    if (!stillPossible || lineLen == LINE_LOOKAHEAD) {
      passOn();
    }
  }

  /** The line held so far goes out as it was, and so does everything after it. */
  private void passOn() {
    enqueue(line, 0, lineLen);
    state = State.PASS_THROUGH;
  }

  /** Starts a record at the byte just read, which is copied as the record's first. */
  private void startRecord(boolean element) {
    state = State.IN_RECORD;
    inArray = element;
    depth = 0;
    inString = false;
    escaped = false;
    if (element) {
      inPos--;
    }
  }

  /** At the end of the input a cut-off record or a held line still ends, so it is seen whole. */
  private boolean endOfInput() {
    if (state == State.TOP_LINE) {
      passOn();
    } else if (state == State.IN_RECORD && lastOut != '\n') {
      enqueue(NEWLINE, 0, 1);
    }
    state = State.TOP;
    return queuePos < queueLen;
  }

  /** Tracks one byte of a record; whether it is copied out (line breaks and spacing are not). */
  private boolean copyRecordByte(int b) {
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (b == '\\') {
        escaped = true;
      } else if (b == '"') {
        inString = false;
      }
      return true;
    }
    switch (b) {
      case '"':
        inString = true;
        return true;
      case '{':
      case '[':
        depth++;
        return true;
      case '}':
      case ']':
        if (depth == 0) {
          if (b == ']' && inArray) {
            // The array's closing bracket right after a number, true, false or null.
            state = State.TOP;
            endRecord();
            return false;
          }
          return true; // a stray bracket: part of a record that will be quarantined
        }
        depth--;
        if (depth == 0) {
          endRecord();
        }
        return true;
      case ',':
        if (depth == 0 && inArray) {
          endRecord();
          return false;
        }
        return true;
      case '\n':
      case '\r':
        return false; // a pretty-printed record's line breaks
      case ' ':
      case '\t':
        return depth > 0; // not around a number, true, false or null
      default:
        return true;
    }
  }

  /** The newline goes out after the record's last byte. */
  private void endRecord() {
    if (state == State.IN_RECORD) {
      state = inArray ? State.BETWEEN_ELEMENTS : State.TOP;
    }
    enqueue(NEWLINE, 0, 1);
  }

  private void enqueue(byte[] b, int from, int n) {
    if (queuePos == queueLen) {
      queuePos = 0;
      queueLen = 0;
    }
    System.arraycopy(b, from, queue, queueLen, n);
    queueLen += n;
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
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

  /** Nothing promised: what is buffered may still be dropped between records. */
  @Override
  public int available() {
    return queueLen - queuePos;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
