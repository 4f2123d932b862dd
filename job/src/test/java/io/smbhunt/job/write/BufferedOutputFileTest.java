package io.smbhunt.job.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.Test;

/** The buffered stream writes exactly the bytes it is given and reports Parquet exact positions. */
class BufferedOutputFileTest {

  /** A stream that keeps everything and counts the writes that reach it. */
  private static final class Recording extends PositionOutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int writes;
    boolean closed;

    @Override
    public long getPos() {
      return bytes.size();
    }

    @Override
    public void write(int b) {
      writes++;
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      writes++;
      bytes.write(b, off, len);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void mixedWritesArriveInOrderWithExactPositions() throws IOException {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      Recording target = new Recording();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      BufferedOutputFile.BufferedStream stream = new BufferedOutputFile.BufferedStream(target);
      int ops = 1 + random.nextInt(60);
      for (int i = 0; i < ops; i++) {
        int kind = random.nextInt(4);
        if (kind == 0) {
          int b = random.nextInt(256);
          stream.write(b);
          expected.write(b);
        } else {
          int size =
              kind == 3
                  ? random.nextInt(3 * BufferedOutputFile.BUFFER_BYTES)
                  : random.nextInt(2000);
          byte[] data = new byte[size + 10];
          random.nextBytes(data);
          stream.write(data, 5, size);
          expected.write(data, 5, size);
        }
        assertThat(stream.getPos()).isEqualTo(expected.size());
      }
      stream.close();
      assertThat(target.closed).isTrue();
      assertThat(target.bytes.toByteArray()).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void smallWritesReachTheFileSystemAsOneWrite() throws IOException {
    Recording target = new Recording();
    BufferedOutputFile.BufferedStream stream = new BufferedOutputFile.BufferedStream(target);
    for (int i = 0; i < 1000; i++) {
      stream.write(new byte[] {1, 2, 3}, 0, 3);
      stream.write(4);
    }
    assertThat(target.writes).isZero();
    stream.flush();
    assertThat(target.writes).isEqualTo(1);
    assertThat(target.bytes.size()).isEqualTo(4000);
  }
}
