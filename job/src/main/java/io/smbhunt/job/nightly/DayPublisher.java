package io.smbhunt.job.nightly;

import io.smbhunt.job.write.RunManifest;
import java.io.IOException;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Publishes one input day's results so readers never see a half-written day and a re-run replaces
 * the day instead of adding to it.
 *
 * <p>A run writes into {@code <out>/_staging/input_date=D.<run>/}; only when it has succeeded (its
 * manifest and {@code _SUCCESS} written) is it renamed to {@code <out>/input_date=D/}, after the
 * previous version of that day has been renamed away into {@code _trash} — then the old version is
 * deleted. Directory renames are atomic on local disks and HDFS. On object stores (S3) a rename
 * copies object by object, and readers should take only partitions with a {@code _SUCCESS}: the
 * marker is taken off a folder before it moves and written into the published folder after, so it
 * is never there before the tables are. Folders starting with {@code _} are ignored by Spark, Hive
 * and DuckDB's hive globbing {@code input_date=*}.
 */
public final class DayPublisher {

  public static final String PARTITION = "input_date=";

  private final Path output;
  private final LocalDate day;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  public DayPublisher(Path output, LocalDate day) {
    this.output = output;
    this.day = day;
  }

  /** Where this run writes; empty and private to it. */
  public Path staging() {
    return new Path(new Path(output, "_staging"), PARTITION + day + "." + run);
  }

  /** Where readers find the day. */
  public Path published() {
    return new Path(output, PARTITION + day);
  }

  /** Makes the staged run the day's published result, replacing any earlier one. */
  public void publish() throws IOException {
    publish(output.getFileSystem());
  }

  /**
   * The same on a given file system. S3A's rename copies {@code _SUCCESS} first (it sorts before
   * the tables), so a marker moved along would tell a reader the day is complete while its tables
   * are still being copied.
   */
  void publish(FileSystem fs) throws IOException {
    Path target = published();
    fs.delete(marker(staging()), false);
    Path trash = null;
    if (fs.exists(target)) {
      fs.delete(marker(target), false);
      trash = new Path(new Path(output, "_trash"), PARTITION + day + "." + run);
      fs.mkdirs(trash.getParent());
      if (!fs.rename(target, trash)) {
        markComplete(fs, target);
        throw new IOException("could not move the earlier " + target + " aside to " + trash);
      }
    }
    if (!fs.rename(staging(), target)) {
      // Put the earlier result back rather than leave a gap.
      if (trash != null && fs.rename(trash, target)) {
        markComplete(fs, target);
      }
      throw new IOException("could not publish " + staging() + " as " + target);
    }
    markComplete(fs, target);
    if (trash != null) {
      fs.delete(trash, true);
    }
  }

  private static Path marker(Path folder) {
    return new Path(folder, RunManifest.SUCCESS_FILE);
  }

  private static void markComplete(FileSystem fs, Path folder) throws IOException {
    fs.create(marker(folder), FileSystem.WriteMode.OVERWRITE).close();
  }
}
