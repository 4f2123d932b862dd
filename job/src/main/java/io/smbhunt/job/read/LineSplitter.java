package io.smbhunt.job.read;

import io.smbhunt.udf.json.Swar;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream on {@code '\n'} with its own buffer, so scanning costs no virtual call per
 * byte and a line that fits in the buffer is copied exactly once, straight into its {@link
 * RawLine}.
 *
 * <p>At most {@code maxLineBytes} of a line are ever held: the rest of an over-long line is scanned
 * for its end and dropped, so one huge line cannot exhaust the task's memory.
 *
 * <p>With a {@link LineFilter} a line the filter takes is looked at where it lies in the buffer and
 * never copied; only its count and size go on.
 */
final class LineSplitter {

  static final int DEFAULT_BUFFER_BYTES = 64 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer;
  private int pos;
  private int limit;

  /** Holds the start of a line that crosses a buffer refill; grows up to maxLineBytes. */
  private byte[] spill = new byte[0];

  private int spilled;

  /** Where the line just scanned lies: in {@link #buffer} at {@link #lineStart}, or in spill. */
  private boolean lineInBuffer;

  private int lineStart;

  LineSplitter(InputStream in, int maxLineBytes) {
    this(in, maxLineBytes, DEFAULT_BUFFER_BYTES);
  }

  /** A small buffer lets tests put line ends on every side of a refill. */
  LineSplitter(InputStream in, int maxLineBytes, int bufferBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
    }
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.buffer = new byte[bufferBytes];
  }

  /** Decides from a line's bytes that it is to be counted but not passed on. */
  interface LineFilter {
    boolean skip(byte[] bytes, int offset, int length);
  }

  private LineFilter filter;

  private boolean filterDecodes;

  /** Whether the line last returned was shown to the filter (which kept it). */
  private boolean lastJudged;

  /** Lines skipped by the filter since the last record returned, and their bytes. */
  private long pendingLines;

  private long pendingBytes;

  /**
   * From now on, lines the filter accepts are counted and not returned.
   *
   * @param decodes whether the filter decodes each line in full (see {@link
   *     RawLine#skippedWereDecoded})
   */
  void skipLinesWhere(LineFilter filter, boolean decodes) {
    this.filter = filter;
    this.filterDecodes = decodes;
  }

  /**
   * Whether the filter saw the line just returned and kept it: false for a line read before the
   * filter was set, an over-long line, and a record of skipped lines only.
   */
  boolean lastLineJudged() {
    return lastJudged;
  }

  long pendingSkippedLines() {
    return pendingLines;
  }

  /** Puts the lines skipped since the last record on {@code record}. */
  void takePendingSkipped(RawLine record) {
    record.skippedLines = pendingLines;
    record.skippedBytes = pendingBytes;
    record.skippedWereDecoded = filterDecodes;
    pendingLines = 0;
    pendingBytes = 0;
  }

  /**
   * Reads the next line as line {@code lineNumber} of {@code source} (later, if the filter skipped
   * lines before it; they ride on the line returned), or returns {@code null} at the end. Bytes
   * after the last {@code '\n'} are a line; nothing after it is not.
   */
  RawLine next(String source, long lineNumber) throws IOException {
    long length;
    lastJudged = false;
    while (true) {
      length = scan(true);
      if (length < 0) {
        if (pendingLines == 0) {
          return null;
        }
        RawLine counted = RawLine.skippedOnly(source, lineNumber + pendingLines - 1);
        takePendingSkipped(counted);
        return counted;
      }
      if (filter == null || length > maxLineBytes) {
        break;
      }
      if (!filtered((int) length)) {
        lastJudged = true;
        break;
      }
      pendingLines++;
      pendingBytes += length + 1;
    }
    int kept = (int) Math.min(length, maxLineBytes);
    byte[] bytes =
        lineInBuffer
            ? Arrays.copyOfRange(buffer, lineStart, lineStart + kept)
            : Arrays.copyOf(spill, kept);
    RawLine line = new RawLine(source, lineNumber + pendingLines, bytes);
    takePendingSkipped(line);
    if (length > maxLineBytes) {
      line.length = length;
      line.readError = "line_too_long";
      line.readErrorDetail =
          "The line is "
              + length
              + " bytes long, over the limit of "
              + maxLineBytes
              + " bytes; only its first "
              + maxLineBytes
              + " bytes were kept.";
    }
    return line;
  }

  private boolean filtered(int length) {
    return lineInBuffer ? filter.skip(buffer, lineStart, length) : filter.skip(spill, 0, length);
  }

  /** Steps over the next line without copying it (restore); false at the end. */
  boolean skip() throws IOException {
    return scan(false) >= 0;
  }

  /**
   * Finds the next line end and returns the line's length without its CR LF or LF, or -1 at the end
   * of the stream. With {@code keep}, the first maxLineBytes bytes stay reachable.
   */
  private long scan(boolean keep) throws IOException {
    long total = 0;
    int last = -1;
    spilled = 0;
    while (true) {
      if (pos == limit && !fill()) {
        if (total == 0) {
          return -1;
        }
        lineInBuffer = false;
        return withoutCr(total, last);
      }
      int newline = indexOfNewline(pos, limit);
      int end = newline < 0 ? limit : newline;
      if (end > pos) {
        last = buffer[end - 1];
      }
      if (newline >= 0 && total == 0) {
        lineInBuffer = true;
        lineStart = pos;
        pos = newline + 1;
        return withoutCr(end - lineStart, last);
      }
      if (keep) {
        keep(pos, end);
      }
      total += end - pos;
      pos = end;
      if (newline >= 0) {
        pos = newline + 1;
        lineInBuffer = false;
        return withoutCr(total, last);
      }
    }
  }

  private static long withoutCr(long length, int last) {
    return last == '\r' ? length - 1 : length;
  }

  private int indexOfNewline(int from, int to) {
    return Swar.indexOfNewline(buffer, from, to);
  }

  /** Saves bytes of a line that crosses a refill, but never more than maxLineBytes of it. */
  private void keep(int from, int to) {
    int n = Math.min(to - from, maxLineBytes - spilled);
    if (n <= 0) {
      return;
    }
    if (spilled + n > spill.length) {
      int grown = (int) Math.min(maxLineBytes, Math.max(spilled + n, 2L * spill.length));
      spill = Arrays.copyOf(spill, grown);
    }
    System.arraycopy(buffer, from, spill, spilled, n);
    spilled += n;
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    pos = 0;
    limit = Math.max(n, 0);
    return n > 0;
  }
}
