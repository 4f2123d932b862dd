package io.smbhunt.job.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Decompresses a file on a thread of its own, a few chunks ahead of the reader that splits and
 * decodes its lines. Otherwise one thread inflates and decodes in turn: a run at parallelism 1, or
 * one large {@code .gz} read while other slots have finished, leaves a core idle, and bzip2 and xz
 * decompress far slower than gzip.
 *
 * <p>What the reader sees is unchanged: the same bytes in the same order, then the end or, where
 * the source broke, its exception, after every byte that was read before the break.
 */
final class ReadAheadStream extends InputStream {

  static final int CHUNK_BYTES = 256 * 1024;

  /**
   * Chunks decompressed and not yet read: with the one being filled and the one being read, ~1.5 MB
   * per open file.
   */
  private static final int CHUNKS_AHEAD = 4;

  /** A piece of the stream: bytes, or its end, or the failure that ended it. */
  private record Chunk(byte[] bytes, int length, Throwable failure) {
    static final Chunk END = new Chunk(new byte[0], -1, null);
  }

  private final InputStream source;
  private final BlockingQueue<Chunk> ahead = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
  private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(CHUNKS_AHEAD + 2);
  private final Thread worker;

  private Chunk current;
  private int pos;
  private boolean done;

  ReadAheadStream(InputStream source, String name) {
    this.source = source;
    this.worker = new Thread(this::pump, "smbhunt-read-ahead " + name);
    worker.setDaemon(true);
    worker.start();
  }

  /** The worker: fills chunks from the source until its end or failure, or until closed. */
  private void pump() {
    try {
      while (true) {
        byte[] buffer = spare.poll();
        if (buffer == null) {
          buffer = new byte[CHUNK_BYTES];
        }
        int n = 0;
        Throwable failure = null;
        boolean end = false;
        try {
          while (n < buffer.length) {
            int r = source.read(buffer, n, buffer.length - n);
            if (r < 0) {
              end = true;
              break;
            }
            n += r;
          }
        } catch (Throwable e) { // an Error too: the reader must hear of it, not wait for ever
          failure = e;
        }
        if (n > 0) {
          ahead.put(new Chunk(buffer, n, null));
        }
        if (failure != null) {
          ahead.put(new Chunk(null, -1, failure));
          return;
        }
        if (end) {
          ahead.put(Chunk.END);
          return;
        }
      }
    } catch (InterruptedException closed) {
      // close() stopped the read-ahead; nobody reads what is left.
    } catch (Throwable t) { // e.g. no memory for a chunk: hand it on, as a read failure is
      try {
        ahead.put(new Chunk(null, -1, t));
      } catch (InterruptedException closed) {
        // nobody reads it
      }
    }
  }

  @Override
  public int read() throws IOException {
    if (!hasUnreadBytes()) {
      return -1;
    }
    return current.bytes[pos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!hasUnreadBytes()) {
      return -1;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current.bytes, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Makes {@link #current} hold unread bytes; false at the end; throws the source's failure. */
  private boolean hasUnreadBytes() throws IOException {
    while (current == null || pos >= current.length) {
      if (done) {
        return false;
      }
      if (current != null) {
        spare.offer(current.bytes);
      }
      current = take();
      pos = 0;
      if (current.failure != null) {
        done = true;
        if (current.failure instanceof Error error) {
          throw error; // not a broken file: the task fails, as it would without the read-ahead
        }
        throw asIoException(current.failure);
      }
      if (current.length < 0) {
        done = true;
        return false;
      }
    }
    return true;
  }

  private Chunk take() throws IOException {
    try {
      return ahead.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for decompressed bytes");
    }
  }

  private static IOException asIoException(Throwable failure) {
    return failure instanceof IOException io ? io : new IOException(failure.toString(), failure);
  }

  /** Stops the worker, waits for it to let go of the source, then closes the source. */
  @Override
  public void close() throws IOException {
    stop();
    source.close();
  }

  /**
   * Stops the worker and waits until it no longer reads the source, which stays open: a zip entry's
   * source is the zip, whose next entry is read next.
   */
  void stop() {
    worker.interrupt();
    try {
      worker.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
