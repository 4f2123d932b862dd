package io.smbhunt.job.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reader sees the source's bytes, end and failure exactly as if it read the source itself. */
class ReadAheadStreamTest {

  private static final int CHUNK = ReadAheadStream.CHUNK_BYTES;

  @Test
  void everyByteArrivesInOrderWhateverTheReadSizes() throws IOException {
    Random random = new Random(3);
    for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 7 * CHUNK / 2}) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      try (InputStream in =
          new ReadAheadStream(new ShortReads(new ByteArrayInputStream(data), random), "t")) {
        assertThat(readAll(in, random)).as("size %d", size).isEqualTo(data);
        assertThat(in.read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void aFailureComesAfterEveryByteReadBeforeIt() throws IOException {
    byte[] data = new byte[CHUNK + 1000];
    new Random(5).nextBytes(data);
    IOException broken = new IOException("broken gzip block");
    InputStream source = new FailingAfter(data, broken);
    try (InputStream in = new ReadAheadStream(source, "t")) {
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buffer = new byte[777];
      assertThatThrownBy(
              () -> {
                int n;
                while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                  got.write(buffer, 0, n);
                }
              })
          .isSameAs(broken);
      assertThat(got.toByteArray()).isEqualTo(data);
    }
  }

  @Test
  void aRuntimeFailureOfTheSourceBecomesAnIoException() {
    InputStream source =
        new InputStream() {
          @Override
          public int read() {
            throw new ArrayIndexOutOfBoundsException("bad bzip2 block");
          }
        };
    InputStream in = new ReadAheadStream(source, "t");
    assertThatThrownBy(in::read)
        .isInstanceOf(IOException.class)
        .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
  }

  @Test
  @Timeout(10)
  void anErrorOfTheSourceReachesTheReaderInsteadOfLeavingItWaiting() {
    InputStream source =
        new InputStream() {
          @Override
          public int read() {
            throw new StackOverflowError("a decompressor's recursion");
          }
        };
    InputStream in = new ReadAheadStream(source, "t");
    assertThatThrownBy(in::read).isInstanceOf(StackOverflowError.class);
  }

  @Test
  void closingEarlyStopsTheThreadAndClosesTheSource() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 'x';
          }

          @Override
          public void close() {
            closed.set(true);
          }
        };
    InputStream in = new ReadAheadStream(endless, "endless");
    assertThat(in.read()).isEqualTo('x');
    in.close();
    assertThat(closed).isTrue();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("smbhunt-read-ahead endless") && t.isAlive());
  }

  @Test
  void onlyATaskManagerWithMoreCoresThanSlotsReadsAhead() {
    int cores = Runtime.getRuntime().availableProcessors();
    Configuration slotPerCore = new Configuration();
    slotPerCore.set(TaskManagerOptions.NUM_TASK_SLOTS, cores);
    Configuration oneSlot = new Configuration();
    oneSlot.set(TaskManagerOptions.NUM_TASK_SLOTS, 1);
    assertThat(ArchiveLineFormat.coresToSpare(slotPerCore)).isFalse();
    assertThat(ArchiveLineFormat.coresToSpare(oneSlot)).isEqualTo(cores > 1);
  }

  private static byte[] readAll(InputStream in, Random random) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 + random.nextInt(100_000)];
    while (true) {
      if (random.nextInt(10) == 0) {
        int b = in.read();
        if (b < 0) {
          return out.toByteArray();
        }
        out.write(b);
        continue;
      }
      int n = in.read(buffer, 0, 1 + random.nextInt(buffer.length));
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buffer, 0, n);
    }
  }

  /** Returns fewer bytes than asked, as decompressors do. */
  private static final class ShortReads extends FilterInputStream {
    private final Random random;

    ShortReads(InputStream in, Random random) {
      super(in);
      this.random = new Random(random.nextLong());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(len)));
    }
  }

  /** Gives {@code data} in short reads, then throws {@code failure}. */
  private static final class FailingAfter extends InputStream {
    private final byte[] data;
    private final IOException failure;
    private int pos;

    FailingAfter(byte[] data, IOException failure) {
      this.data = data;
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos == data.length) {
        throw failure;
      }
      int n = Math.min(Math.min(len, 4096), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
