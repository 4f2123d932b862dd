package io.smbhunt.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smbhunt.job.SmbHunt;
import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.decode.QuarantineRecord;
import io.smbhunt.job.testing.Pipelines;
import io.smbhunt.job.write.DuckDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** smbhunt run from the command line in tests, and what a run or a published day holds. */
final class NightlyRuns {

  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  /** smbhunt with {@code args}, at parallelism 2 unless they say otherwise; the exit code. */
  int smbhunt(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--parallelism")) {
      all.addAll(List.of("--parallelism", "2"));
    }
    return SmbHunt.run(
        all.toArray(String[]::new),
        new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  /** The detections of a run's output folder (or a published day's), read back with DuckDB. */
  static List<Detection> rows(Path run) throws Exception {
    List<Detection> rows = new ArrayList<>();
    try (DuckDb duckDb = new DuckDb()) {
      for (Path file : parquet(run)) {
        if (!file.toString().contains("/_quarantine/")) {
          rows.addAll(duckDb.detections(DuckDb.readParquet(file.toString(), "")));
        }
      }
    }
    return rows;
  }

  static List<QuarantineRecord> quarantine(Path run) throws Exception {
    List<QuarantineRecord> rows = new ArrayList<>();
    try (DuckDb duckDb = new DuckDb()) {
      for (Path file : parquet(run.resolve("_quarantine"))) {
        rows.addAll(duckDb.quarantine(DuckDb.readParquet(file.toString(), "")));
      }
    }
    return rows;
  }

  static JsonNode manifest(Path out, String day) throws Exception {
    return new ObjectMapper()
        .readTree(out.resolve(DayPublisher.PARTITION + day + "/_manifest.json").toFile());
  }

  /** Rows per analytic id. */
  static Map<String, Long> counts(List<Detection> rows) {
    return rows.stream().collect(Collectors.groupingBy(d -> d.analyticId, Collectors.counting()));
  }

  /** The reader's name for a local folder, as the names of the files under it begin. */
  static String source(Path folder) {
    return Pipelines.sourceOf(folder.resolve("x")).replaceFirst("/x$", "");
  }

  /** Whether every event of {@code d} comes from under the folder the reader names {@code dir}. */
  static boolean allUnder(Detection d, String dir) {
    return Arrays.stream(d.evidence).allMatch(e -> e.source.startsWith(dir + "/"));
  }

  /**
   * The rule of a day read with its previous day as context, against one ordinary run over both
   * days' inputs: the day publishes the run's rows less those whose events all lie in the previous
   * day's folder, the previous day (hunted without context of its own) exactly those, and the two
   * together the run's rows, none twice.
   */
  static void assertTheDaysShareTheSingleRun(
      List<Detection> single, List<Detection> previous, List<Detection> day, String previousDir) {
    List<Detection> whollyPrevious = single.stream().filter(d -> allUnder(d, previousDir)).toList();
    List<Detection> rest = new ArrayList<>(single);
    whollyPrevious.forEach(rest::remove);
    assertThat(single).doesNotHaveDuplicates();
    assertThat(day).containsExactlyInAnyOrderElementsOf(rest);
    assertThat(previous).containsExactlyInAnyOrderElementsOf(whollyPrevious);
    assertThat(Stream.concat(previous.stream(), day.stream()).toList())
        .containsExactlyInAnyOrderElementsOf(single);
  }

  private static List<Path> parquet(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }
}
