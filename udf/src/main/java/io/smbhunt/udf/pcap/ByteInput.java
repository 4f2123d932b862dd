package io.smbhunt.udf.pcap;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A capture file as a stream of exact-length reads. Running out of bytes mid-record is a {@link
 * PcapReasons#PCAP_TRUNCATED} error, not an {@link java.io.EOFException}, because a capture cut
 * short (tcpdump killed, a partial upload) is ordinary input that must be counted, not a crash.
 */
final class ByteInput {

  private final InputStream in;
  private final byte[] scratch = new byte[8192];

  ByteInput(InputStream in) {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
  }

  /** Reads up to {@code n} bytes; fewer only at the end of the stream. */
  int read(byte[] b, int off, int n) throws IOException {
    int total = 0;
    while (total < n) {
      int r = in.read(b, off + total, n - total);
      if (r < 0) {
        break;
      }
      total += r;
    }
    return total;
  }

  /** Reads exactly {@code n} bytes or fails with a fatal truncation error. */
  void readFully(byte[] b, int off, int n, long packetIndex, String what)
      throws IOException, PcapFormatException {
    if (read(b, off, n) < n) {
      throw truncated(packetIndex, what);
    }
  }

  /** Skips exactly {@code n} bytes without buffering them, or fails with a truncation error. */
  void skip(long n, long packetIndex, String what) throws IOException, PcapFormatException {
    long left = n;
    while (left > 0) {
      int r = in.read(scratch, 0, (int) Math.min(left, scratch.length));
      if (r < 0) {
        throw truncated(packetIndex, what);
      }
      left -= r;
    }
  }

  void close() throws IOException {
    in.close();
  }

  static PcapFormatException truncated(long packetIndex, String what) {
    return new PcapFormatException(
        PcapReasons.PCAP_TRUNCATED, true, packetIndex, "file ends inside " + what);
  }
}
