package io.smbhunt.job.read;

import io.smbhunt.job.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/** Checks the {@code --input} paths before the job starts, so a typo fails in a second. */
public final class Inputs {

  private Inputs() {}

  public static List<Path> check(List<String> inputs) {
    List<Path> paths = new ArrayList<>();
    for (String input : inputs) {
      Path path = new Path(input);
      try {
        FileSystem fs = path.getFileSystem();
        if (!fs.exists(path)) {
          throw new UsageException("--input " + input + " does not exist");
        }
        if (!fs.isDistributedFS()) {
          java.nio.file.Path local = java.nio.file.Path.of(path.toUri().getPath());
          if (!Files.isReadable(local)) {
            throw new UsageException("--input " + input + " is not readable");
          }
        }
      } catch (IOException e) {
        throw new UsageException("--input " + input + " cannot be read: " + e.getMessage());
      }
      paths.add(path.makeQualified(pathFileSystem(path)));
    }
    return paths;
  }

  private static FileSystem pathFileSystem(Path path) {
    try {
      return path.getFileSystem();
    } catch (IOException e) {
      throw new UsageException("--input " + path + " cannot be read: " + e.getMessage());
    }
  }
}
