package io.smbhunt.job.read;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
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

  /** The formats whose decoders learn from earlier lines: replayed on a restore. */
  private static final Set<RecordFormat> REPLAYED =
      EnumSet.of(RecordFormat.SURICATA_EVE, RecordFormat.ZEEK_JSON, RecordFormat.ZEEK_TSV);

  private final ArchiveLines lines;
  private final String file;
  private long emitted;
  private long toSkip;
  private boolean ended;

  /**
   * @param alreadyEmitted records of this file emitted before a restore; they are read again and
   *     dropped (a network log's are replayed for its decoder, see {@link #skipRestored}), so they
   *     are neither lost nor duplicated
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
    while (toSkip > 0) {
      BulkFormat.RecordIterator<RawLine> replay = skipRestored();
      if (replay != null) {
        return replay;
      }
    }
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

  /**
   * Steps over the records emitted before the restore. The decoders of network logs carry state
   * from line to line (Suricata: which share a tree id stands for, who signed in on a session,
   * which transfers it has reported; Zeek: which file actions wait for their second logging), so
   * those logs' lines come again, marked {@link RawLine#replay}, for the decoder to rebuild it
   * from; they are not counted or decoded into anything again. Such a batch leaves the checkpointed
   * position where the restore found it, so a restore during it replays again. A Windows event line
   * is on its own and needs no replay. Returns the next replay batch, or {@code null} for a stretch
   * with nothing to replay.
   */
  private BulkFormat.RecordIterator<RawLine> skipRestored() {
    RawLine[] replay = null;
    int n = 0;
    while (toSkip > 0 && n < MAX_BATCH_LINES) {
      RawLine line = lines.next();
      if (line == null) {
        // The file changed since the checkpoint; nothing is left to read at the stored position.
        LOG.warn(
            "{} has {} records fewer on restore than were already emitted; it changed since the"
                + " checkpoint.",
            file,
            toSkip);
        toSkip = 0;
        break;
      }
      toSkip--;
      if (REPLAYED.contains(RecordFormat.fromId(line.format)) && line.readError == null) {
        line.replay = true;
        if (replay == null) {
          replay = new RawLine[MAX_BATCH_LINES];
        }
        replay[n++] = line;
      }
    }
    return n == 0 ? null : new ReplayBatch(replay, n, emitted);
  }

  /** Replayed lines: each leaves the checkpointed position at the restored one. */
  private static final class ReplayBatch implements BulkFormat.RecordIterator<RawLine> {
    private final RawLine[] lines;
    private final int n;
    private final long position;
    private final MutableRecordAndPosition<RawLine> current = new MutableRecordAndPosition<>();
    private int i;

    ReplayBatch(RawLine[] lines, int n, long position) {
      this.lines = lines;
      this.n = n;
      this.position = position;
    }

    @Override
    public RecordAndPosition<RawLine> next() {
      if (i == n) {
        return null;
      }
      current.set(lines[i++], CheckpointedPosition.NO_OFFSET, position);
      return current;
    }

    @Override
    public void releaseBatch() {}
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
