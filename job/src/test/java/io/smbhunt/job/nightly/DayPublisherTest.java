package io.smbhunt.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing a day on an object store, where a folder rename is a copy of each object in key order
 * and then a delete (S3A), so {@code _SUCCESS} would arrive before the tables: a reader who takes
 * only folders with the marker must never find one with a table missing.
 */
class DayPublisherTest {

  @TempDir Path tmp;

  private static final LocalDate DAY = LocalDate.parse("2020-09-22");

  @Test
  void theMarkerNeverPrecedesTheTablesWhenARenameCopiesObjectByObject() throws IOException {
    Path out = tmp.resolve("hunts");
    ObjectStoreLike fs = new ObjectStoreLike();

    DayPublisher first = new DayPublisher(flinkPath(out), DAY);
    Set<String> firstTables = stage(first, "part-a");
    first.publish(fs);
    DayPublisher rerun = new DayPublisher(flinkPath(out), DAY);
    Set<String> rerunTables = stage(rerun, "part-b");
    fs.watch(out.resolve("input_date=2020-09-22"), List.of(firstTables, rerunTables));
    rerun.publish(fs);

    assertThat(fs.stepsSeen).isGreaterThan(10);
    assertThat(fs.violations).isEmpty();
    assertThat(files(out.resolve("input_date=2020-09-22"))).isEqualTo(withMarker(rerunTables));
    assertThat(files(out.resolve("_staging"))).isEmpty();
    assertThat(files(out.resolve("_trash"))).isEmpty();
  }

  private static org.apache.flink.core.fs.Path flinkPath(Path p) {
    return new org.apache.flink.core.fs.Path(p.toUri());
  }

  /** A finished run's output in the day's staging folder: what RunManifest and the sinks write. */
  private static Set<String> stage(DayPublisher publisher, String part) throws IOException {
    Path staging = Path.of(publisher.staging().toUri());
    Set<String> tables = new TreeSet<>();
    tables.add("_manifest.json");
    for (String analytic : List.of("car_2013_05_003", "smb_remote_file_1", "smb_remote_file_4")) {
      tables.add(analytic + "/date=2020-09-22/" + part + ".parquet");
    }
    for (String f : withMarker(tables)) {
      Files.createDirectories(staging.resolve(f).getParent());
      Files.writeString(staging.resolve(f), f);
    }
    return tables;
  }

  private static Set<String> withMarker(Set<String> tables) {
    Set<String> all = new TreeSet<>(tables);
    all.add("_SUCCESS");
    return all;
  }

  private static Set<String> files(Path dir) throws IOException {
    Set<String> out = new TreeSet<>();
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString()));
      }
    }
    return out;
  }

  /**
   * The local file system with S3A's rename: each file copied in key order, then the sources
   * deleted in key order. After every step it checks the watched folder: if it has a marker, it
   * must hold exactly one complete version.
   */
  private static final class ObjectStoreLike extends LocalFileSystem {
    private Path watched;
    private List<Set<String>> versions = List.of();
    final List<String> violations = new ArrayList<>();
    int stepsSeen;

    void watch(Path folder, List<Set<String>> completeVersions) {
      watched = folder;
      versions = completeVersions;
    }

    @Override
    public boolean rename(org.apache.flink.core.fs.Path src, org.apache.flink.core.fs.Path dst)
        throws IOException {
      Path from = Path.of(src.toUri());
      Path to = Path.of(dst.toUri());
      if (!Files.exists(from) || Files.exists(to)) {
        return false;
      }
      Set<String> keys = files(from);
      for (String key : keys) {
        Files.createDirectories(to.resolve(key).getParent());
        Files.copy(from.resolve(key), to.resolve(key));
        check();
      }
      for (String key : keys) {
        Files.delete(from.resolve(key));
        check();
      }
      deleteTree(from);
      return true;
    }

    private void check() {
      stepsSeen++;
      if (watched == null || !Files.exists(watched.resolve("_SUCCESS"))) {
        return;
      }
      try {
        Set<String> present = files(watched);
        present.remove("_SUCCESS");
        if (!versions.contains(present)) {
          violations.add("_SUCCESS beside " + present);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void deleteTree(Path dir) throws IOException {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
