package io.smbhunt.job.read;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

/**
 * Reads archived log files (plain, {@code .gz}, {@code .bz2}, {@code .xz}, {@code .zip}, tar plain
 * or compressed) as {@link RawLine}s: bytes split on {@code '\n'}, numbered from 1 per file or
 * archive entry.
 *
 * <p>It is a {@link BulkFormat} rather than a {@code StreamFormat} because it must open the file
 * itself: a zip or a tar holds several sources, and a broken compressed stream has to become a
 * failure record instead of an exception from a stream Flink opened for us. Files are never split,
 * so every line number is exact; parallelism comes from reading many files at once.
 *
 * <p>Each file is read to its end, whatever length the split says, because the length of a
 * compressed file says nothing about where its text ends.
 */
public final class ArchiveLineFormat implements BulkFormat<RawLine, FileSourceSplit> {

  private static final long serialVersionUID = 1L;

  private final int maxLineBytes;

  private final boolean skipUnusedEventIds;

  /** Input path (its URI path) → the format the user named for everything under it. */
  private final HashMap<String, RecordFormat> formatOverrides;

  /**
   * @param maxLineBytes longest line loaded whole; a longer one keeps only this many bytes and is
   *     flagged {@code line_too_long}
   */
  public ArchiveLineFormat(int maxLineBytes) {
    this(maxLineBytes, Map.of());
  }

  /**
   * @param formatOverrides input paths (as {@code Path.toUri().getPath()}) whose files are read as
   *     the given format instead of being recognised
   */
  public ArchiveLineFormat(int maxLineBytes, Map<String, RecordFormat> formatOverrides) {
    this(maxLineBytes, formatOverrides, false);
  }

  /**
   * @param skipUnusedEventIds drop Windows event lines whose EventID no analytic reads, counted but
   *     not decoded
   */
  public ArchiveLineFormat(
      int maxLineBytes, Map<String, RecordFormat> formatOverrides, boolean skipUnusedEventIds) {
    this.skipUnusedEventIds = skipUnusedEventIds;
    this.formatOverrides = new HashMap<>(formatOverrides);
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public Reader<RawLine> createReader(Configuration config, FileSourceSplit split) {
    return reader(split, 0, coresToSpare(config));
  }

  @Override
  public Reader<RawLine> restoreReader(Configuration config, FileSourceSplit split)
      throws IOException {
    long alreadyEmitted = 0;
    if (split.getReaderPosition().isPresent()) {
      CheckpointedPosition position = split.getReaderPosition().get();
      if (position.getOffset() != CheckpointedPosition.NO_OFFSET) {
        // Only a different reader writes byte offsets; guessing from one would lose or repeat
        // lines, so the restore is refused.
        throw new IOException(
            "Cannot restore "
                + split.path()
                + " from "
                + position
                + ": this format checkpoints record counts, not byte offsets.");
      }
      alreadyEmitted = position.getRecordsAfterOffset();
    }
    return reader(split, alreadyEmitted, coresToSpare(config));
  }

  /**
   * Whether this task manager has more cores than task slots (parallelism 1 on a laptop, a
   * cluster's task managers with spare cores): only then does a file's decompression get a thread
   * of its own ({@link ReadAheadStream}). With a slot per core, every core already reads a file and
   * the hand-over between two threads only costs: ~5% of a gzip run at parallelism 2 on 2 cores,
   * against ~15% saved at parallelism 1 (BENCHMARKS.md).
   *
   * @param config the task manager's configuration, as Flink hands it to a reader
   */
  static boolean coresToSpare(Configuration config) {
    return config.get(TaskManagerOptions.NUM_TASK_SLOTS)
        < Runtime.getRuntime().availableProcessors();
  }

  private Reader<RawLine> reader(FileSourceSplit split, long alreadyEmitted, boolean readAhead) {
    return new ArchiveLineReader(
        new ArchiveLines(
            split.path(), maxLineBytes, overrideFor(split.path()), skipUnusedEventIds, readAhead),
        split.path().toString(),
        alreadyEmitted);
  }

  /** The override of the nearest input path that contains {@code file}, if any. */
  private RecordFormat overrideFor(Path file) {
    String path = file.toUri().getPath();
    RecordFormat best = null;
    int bestLength = -1;
    for (Map.Entry<String, RecordFormat> e : formatOverrides.entrySet()) {
      String prefix = e.getKey();
      boolean inside =
          path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
      if (inside && prefix.length() > bestLength) {
        best = e.getValue();
        bestLength = prefix.length();
      }
    }
    return best;
  }

  @Override
  public boolean isSplittable() {
    return false;
  }

  /** RawLine's own type: no Kryo (the job disables generic types), no copies between operators. */
  @Override
  public TypeInformation<RawLine> getProducedType() {
    return RawLineTypeInfo.INSTANCE;
  }
}
