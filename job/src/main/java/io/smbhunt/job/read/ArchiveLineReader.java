package io.smbhunt.job.read;

import java.io.IOException;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the lines of one file to Flink in batches.
 *
 * <p>The checkpointed position is only a count of records already emitted ({@link
 * CheckpointedPosition#NO_OFFSET} plus records to skip): a byte offset into a compressed stream or
 * a zip or tar entry cannot be seeked to, while re-reading and skipping a known number of records
 * is exact for every format, and each record is one physical line or the one failure of a file.
 */
final class ArchiveLineReader implements BulkFormat.Reader<RawLine> {

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveLineReader.class);

  /** Small enough that one batch of long lines stays a few MiB, big enough to amortize calls. */
  static final int MAX_BATCH_LINES = 1024;

  static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

  private final ArchiveLines lines;
  private final String file;
  private long emitted;
  private long toSkip;
  private boolean ended;

  /**
   * @param alreadyEmitted records of this file emitted before a restore; they are read again and
   *     dropped, so they are neither lost nor duplicated
   */
  ArchiveLineReader(ArchiveLines lines, String file, long alreadyEmitted) {
    this.lines = lines;
    this.file = file;
    this.emitted = alreadyEmitted;
    this.toSkip = alreadyEmitted;
  }

  @Override
  public BulkFormat.RecordIterator<RawLine> readBatch() throws IOException {
    if (ended) {
      return null;
    }
    skipRestored();
    RawLine[] batch = new RawLine[MAX_BATCH_LINES];
    int n = 0;
    long bytes = 0;
    while (n < MAX_BATCH_LINES && bytes < MAX_BATCH_BYTES) {
      RawLine line = lines.next();
      if (line == null) {
        ended = true;
        break;
      }
      batch[n++] = line;
      bytes += line.bytes.length;
    }
    if (n == 0) {
      return null;
    }
    ArrayResultIterator<RawLine> result = new ArrayResultIterator<>();
    // The skip count given is that of the batch's start; the iterator adds one per record, so
    // the position Flink stores after a record counts that record as emitted.
    result.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted);
    emitted += n;
    return result;
  }

  private void skipRestored() {
    long skipped = 0;
    while (skipped < toSkip && lines.skip()) {
      skipped++;
    }
    if (skipped < toSkip) {
      // The file changed since the checkpoint; nothing is left to read at the stored position.
      LOG.warn(
          "{} has only {} records on restore but {} were already emitted; it changed since the"
              + " checkpoint.",
          file,
          skipped,
          toSkip);
    }
    toSkip = 0;
  }

  @Override
  public void close() {
    try {
      lines.close();
    } catch (IOException e) {
      // Everything this reader emitted is already out; a failing close loses nothing.
      LOG.warn("Closing {} failed", file, e);
    }
  }
}
