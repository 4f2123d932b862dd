package io.smbhunt.bench;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Lines laid out one after another in one array, each followed by {@code '\n'}, as a file reader's
 * buffer holds them: the decoders get {@code (array, offset, length)} exactly as the job passes a
 * line, and the byte-scan baseline finds a real terminator to stop at.
 *
 * <p>Each line keeps its 1-based number in its file (the evidence the decoders copy into records)
 * and a tag (which file, hence which per-file decoder, it came from).
 */
final class LineCorpus {

  final byte[] bytes;
  private final int[] offsets;
  private final int[] lengths;
  private final long[] lineNumbers;
  private final int[] tags;

  /** Where the benchmarks' walk round the corpus is. */
  private int next;

  private LineCorpus(byte[] bytes, int[] offsets, int[] lengths, long[] lineNumbers, int[] tags) {
    this.bytes = bytes;
    this.offsets = offsets;
    this.lengths = lengths;
    this.lineNumbers = lineNumbers;
    this.tags = tags;
  }

  int size() {
    return offsets.length;
  }

  /** The next line of the cycle: a benchmark walks the corpus round and round, a line per call. */
  int advance() {
    int i = next;
    next = i + 1 == offsets.length ? 0 : i + 1;
    return i;
  }

  /**
   * The position of line {@code i}'s {@code '\n'}, found one byte at a time: the benchmarks'
   * baseline, what merely looking at every byte of the line costs.
   */
  int newlineByByteScan(int i) {
    int p = offsets[i];
    while (bytes[p] != '\n') {
      p++;
    }
    return p;
  }

  int offset(int i) {
    return offsets[i];
  }

  /** The line's length without its terminator. */
  int length(int i) {
    return lengths[i];
  }

  long lineNumber(int i) {
    return lineNumbers[i];
  }

  int tag(int i) {
    return tags[i];
  }

  /** The bytes line {@code i} occupies in its file: the line and its {@code '\n'}. */
  int fileBytes(int i) {
    return lengths[i] + 1;
  }

  /** The bytes of all lines with their terminators, for MB/s. */
  long totalFileBytes() {
    long n = 0;
    for (int len : lengths) {
      n += len + 1;
    }
    return n;
  }

  /** Receives the lines of a file. */
  interface LineVisitor {
    void line(byte[] file, int off, int len, long lineNumber);
  }

  /**
   * Splits {@code file} on {@code '\n'} (a CR before it stays in the line: the decoders drop it
   * themselves, as in the job). A last line without a terminator counts; an empty tail does not.
   */
  static void forEachLine(byte[] file, LineVisitor v) {
    int start = 0;
    long number = 1;
    for (int i = 0; i < file.length; i++) {
      if (file[i] == '\n') {
        v.line(file, start, i - start, number++);
        start = i + 1;
      }
    }
    if (start < file.length) {
      v.line(file, start, file.length - start, number);
    }
  }

  static final class Builder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int[] offsets = new int[256];
    private int[] lengths = new int[256];
    private long[] lineNumbers = new long[256];
    private int[] tags = new int[256];
    private int n;

    Builder add(byte[] src, int off, int len, long lineNumber, int tag) {
      if (n == offsets.length) {
        offsets = Arrays.copyOf(offsets, 2 * n);
        lengths = Arrays.copyOf(lengths, 2 * n);
        lineNumbers = Arrays.copyOf(lineNumbers, 2 * n);
        tags = Arrays.copyOf(tags, 2 * n);
      }
      offsets[n] = out.size();
      lengths[n] = len;
      lineNumbers[n] = lineNumber;
      tags[n] = tag;
      n++;
      out.write(src, off, len);
      out.write('\n');
      return this;
    }

    int size() {
      return n;
    }

    LineCorpus build() {
      if (n == 0) {
        throw new IllegalStateException("no lines: the benchmark would measure nothing");
      }
      return new LineCorpus(
          out.toByteArray(),
          Arrays.copyOf(offsets, n),
          Arrays.copyOf(lengths, n),
          Arrays.copyOf(lineNumbers, n),
          Arrays.copyOf(tags, n));
    }
  }
}
