package io.smbhunt.job.write;

import io.smbhunt.job.cli.UsageException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
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

  /** What a hunt writes beside its tables (the nightly runs' staging and trash included). */
  private static final Set<String> HUNT_FILES =
      Set.of(
          RunManifest.MANIFEST_FILE,
          RunManifest.SUCCESS_FILE,
          OutputSinks.QUARANTINE_DIR,
          "_checkpoints",
          "_staging",
          "_trash");

  private OutputDirectory() {}

  /**
   * The folder a hunt writes into: created if absent, refused if it holds something, cleared first
   * with {@code overwrite}.
   *
   * @param inputs the hunt's inputs, qualified: the folder may neither lie in one (the hunt would
   *     read its own rows) nor hold one ({@code --overwrite} would delete it)
   * @param tables the folder names of the analytics' tables: with them, {@code --overwrite} knows
   *     an earlier hunt's output, and clears nothing else
   * @param resuming the job is restored from a savepoint: the folder holds the rows its earlier run
   *     committed, which stay; only the {@code _SUCCESS} of that run's end goes, as the hunt is
   *     running again
   */
  public static Path prepare(
      String output, List<Path> inputs, Set<String> tables, boolean overwrite, boolean resuming) {
    Path dir = new Path(output);
    if (resuming && overwrite) {
      throw new UsageException(
          "--overwrite cannot be used when restoring from a savepoint: it would delete the rows"
              + " the job wrote before the savepoint");
    }
    try {
      FileSystem fs = dir.getFileSystem();
      refuseOverlap(output, dir.makeQualified(fs), inputs);
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
        refuseForeignContent(output, content, tables);
        for (FileStatus child : content) {
          fs.delete(child.getPath(), true);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UsageException("--output " + output + " cannot be used: " + e.getMessage());
    }
  }

  /**
   * Refuses an output folder that is, holds or lies inside one of the inputs (a nightly run checks
   * each day's inputs against its folder of days with this).
   */
  public static void refuseOverlap(String output, Path qualifiedOutput, List<Path> inputs)
      throws IOException {
    String out = comparable(qualifiedOutput);
    for (Path input : inputs) {
      String in = comparable(input);
      String relation;
      if (out.equals(in)) {
        relation = " is the input ";
      } else if (isUnder(out, in)) {
        relation = " lies inside the input "; // the hunt would read its own rows
      } else if (isUnder(in, out)) {
        relation = " holds the input "; // --overwrite would delete it
      } else {
        continue;
      }
      throw new UsageException(
          "--output " + output + relation + input.getPath() + ": give a folder outside the inputs");
    }
  }

  /**
   * --overwrite clears what a hunt wrote, nothing else: a folder with a manifest, or one whose
   * entries all have names smbhunt writes (tables, {@code input_date=} days, {@code _} files), as a
   * run that failed before its manifest leaves it. Not dot files: a folder holding only {@code
   * .git} is somebody's.
   */
  private static void refuseForeignContent(
      String output, FileStatus[] content, Set<String> tables) {
    for (FileStatus child : content) {
      if (child.getPath().getName().equals(RunManifest.MANIFEST_FILE)) {
        return;
      }
    }
    for (FileStatus child : content) {
      String name = child.getPath().getName();
      boolean ours =
          tables.contains(name) || HUNT_FILES.contains(name) || name.startsWith("input_date=");
      if (!ours) {
        throw new UsageException(
            "--overwrite: --output "
                + output
                + " holds '"
                + name
                + "', which is not a hunt's output; give an empty folder or an earlier hunt's");
      }
    }
  }

  /**
   * The path as compared for overlap: a local one with its links resolved (as far as it exists), so
   * a folder reached through a link is still the same folder; any other as its URI.
   */
  private static String comparable(Path qualified) throws IOException {
    URI uri = qualified.toUri();
    if (!"file".equals(uri.getScheme())) {
      return uri.normalize().toString();
    }
    java.nio.file.Path local = java.nio.file.Path.of(uri).toAbsolutePath().normalize();
    java.nio.file.Path existing = local;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return local.toString();
    }
    return existing.toRealPath().resolve(existing.relativize(local)).toString();
  }

  private static boolean isUnder(String path, String folder) {
    return path.startsWith(folder.endsWith("/") ? folder : folder + "/");
  }
}
