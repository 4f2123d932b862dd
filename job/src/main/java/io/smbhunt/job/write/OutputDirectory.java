package io.smbhunt.job.write;

import io.smbhunt.job.cli.UsageException;
import java.io.IOException;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Guards the output directory: a hunt never mixes its rows into an earlier run's, unless the user
 * says {@code --overwrite}, which clears it first. The one exception is a job restored from a
 * savepoint ({@code flink run -s}): it is the earlier run, continued, and writes on into the same
 * folder.
 */
public final class OutputDirectory {

  private OutputDirectory() {}

  /**
   * The folder a hunt writes into: created if absent, refused if it holds something, cleared first
   * with {@code overwrite}.
   *
   * @param resuming the job is restored from a savepoint: the folder holds the rows its earlier run
   *     committed, which stay; only the {@code _SUCCESS} of that run's end goes, as the hunt is
   *     running again
   */
  public static Path prepare(String output, boolean overwrite, boolean resuming) {
    Path dir = new Path(output);
    if (resuming && overwrite) {
      throw new UsageException(
          "--overwrite cannot be used when restoring from a savepoint: it would delete the rows"
              + " the job wrote before the savepoint");
    }
    try {
      FileSystem fs = dir.getFileSystem();
      if (resuming) {
        fs.mkdirs(dir);
        fs.delete(new Path(dir, RunManifest.SUCCESS_FILE), false);
        return dir;
      }
      if (!fs.exists(dir)) {
        fs.mkdirs(dir);
        return dir;
      }
      FileStatus status = fs.getFileStatus(dir);
      if (!status.isDir()) {
        throw new UsageException("--output " + output + " is a file, not a directory");
      }
      FileStatus[] content = fs.listStatus(dir);
      if (content != null && content.length > 0) {
        if (!overwrite) {
          throw new UsageException(
              "--output " + output + " is not empty (add --overwrite to replace its content)");
        }
        for (FileStatus child : content) {
          fs.delete(child.getPath(), true);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UsageException("--output " + output + " cannot be used: " + e.getMessage());
    }
  }
}
