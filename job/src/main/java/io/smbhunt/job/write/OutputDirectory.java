package io.smbhunt.job.write;

import io.smbhunt.job.cli.UsageException;
import java.io.IOException;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Guards the output directory: a hunt never mixes its rows into an earlier run's, unless the user
 * says {@code --overwrite}, which clears it first.
 */
public final class OutputDirectory {

  private OutputDirectory() {}

  public static Path prepare(String output, boolean overwrite) {
    Path dir = new Path(output);
    try {
      FileSystem fs = dir.getFileSystem();
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
