package io.smbhunt.job.nightly;

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
 * deleted. Directory renames are atomic on local disks and HDFS; on object stores (S3), where a
 * rename is a copy, readers should take only partitions with a {@code _SUCCESS}, which is written
 * last. Folders starting with {@code _} are ignored by Spark, Hive and DuckDB's hive globbing
 * {@code input_date=*}.
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
    FileSystem fs = output.getFileSystem();
    Path target = published();
    Path trash = null;
    if (fs.exists(target)) {
      trash = new Path(new Path(output, "_trash"), PARTITION + day + "." + run);
      fs.mkdirs(trash.getParent());
      if (!fs.rename(target, trash)) {
        throw new IOException("could not move the earlier " + target + " aside to " + trash);
      }
    }
    if (!fs.rename(staging(), target)) {
      if (trash != null) {
        fs.rename(trash, target); // put the earlier result back rather than leave a gap
      }
      throw new IOException("could not publish " + staging() + " as " + target);
    }
    if (trash != null) {
      fs.delete(trash, true);
    }
  }
}
