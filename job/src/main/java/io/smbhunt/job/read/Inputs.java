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

  /**
   * A warning for each local input folder that holds no file to read (none at all, or only names
   * starting with {@code .} or {@code _}): the run would otherwise succeed with "lines read 0" and
   * not say which input was empty, as when a nightly export did not arrive.
   */
  public static List<String> foldersWithoutFiles(List<Path> inputs) {
    List<String> warnings = new ArrayList<>();
    for (Path input : inputs) {
      String scheme = input.toUri().getScheme();
      if (scheme != null && !scheme.equals("file")) {
        continue; // a bucket's listing is left to the job, as in SameDataTwice
      }
      String local = input.toUri().getPath();
      if (Files.isDirectory(java.nio.file.Path.of(local))
          && ArchiveSources.files(List.of(input)).isEmpty()) {
        warnings.add("--input " + local + " holds no files to read: nothing from it was hunted");
      }
    }
    return warnings;
  }

  private static FileSystem pathFileSystem(Path path) {
    try {
      return path.getFileSystem();
    } catch (IOException e) {
      throw new UsageException("--input " + path + " cannot be read: " + e.getMessage());
    }
  }
}
