package io.smbhunt.job.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The file's own bytes, before any decompression. It remembers whether the file system itself
 * failed, so a disk or network error is not reported as a corrupt archive, and how far it got,
 * which tells a hunter where a damaged archive broke.
 */
final class RawFileStream extends FilterInputStream {

  private long bytesRead;
  private IOException failure;

  RawFileStream(InputStream in) {
    super(in);
  }

  long bytesRead() {
    return bytesRead;
  }

  boolean failed() {
    return failure != null;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = in.read();
      if (b >= 0) {
        bytesRead++;
      }
      return b;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      int n = in.read(b, off, len);
      if (n > 0) {
        bytesRead += n;
      }
      return n;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      long skipped = in.skip(n);
      bytesRead += skipped;
      return skipped;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  // Mark/reset would make bytesRead lie; decompressors fall back to plain reads without it.
  @Override
  public boolean markSupported() {
    return false;
  }
}
