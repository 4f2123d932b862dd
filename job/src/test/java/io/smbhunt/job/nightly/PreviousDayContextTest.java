package io.smbhunt.job.nightly;

import static io.smbhunt.job.nightly.NightlyRuns.assertTheDaysShareTheSingleRun;
import static io.smbhunt.job.nightly.NightlyRuns.counts;
import static io.smbhunt.job.nightly.NightlyRuns.manifest;
import static io.smbhunt.job.nightly.NightlyRuns.quarantine;
import static io.smbhunt.job.nightly.NightlyRuns.rows;
import static io.smbhunt.job.nightly.NightlyRuns.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.testing.Pipelines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly day read with the day before as context ({@code nightly.previous_day_context}), on the
 * real Covenant sample split inside its attack: the lines logged before 18:53:32.342 are the 22nd's
 * archive (1–60: the IPC$ and C$ connects on 58 and 59), the rest the 23rd's (61–506: the writes on
 * 61 and 62, the System create on 212). No time is shifted: which day a line belongs to is which
 * folder the archive put it in, and the hunt tells the days apart by file, not by event time.
 */
class PreviousDayContextTest {

  private static final Instant SPLIT = Instant.parse("2020-09-22T18:53:32.342Z");

  /**
   * The 23rd's lines as its hunt counts them, with context or without: 6 used (the writes on 61 and
   * 62, two logoffs, two Sysmon 11 creates by System), the other 440 decoded and of no use.
   */
  private static final String COUNTS_OF_23 =
      "{\"lines_read\":446,\"decoded\":446,\"not_relevant\":440,\"used\":6,"
          + "\"quarantined\":0,\"skipped_unused_event_id\":0}";

  @TempDir Path tmp;

  private final NightlyRuns runs = new NightlyRuns();
  private Path day22;
  private Path day23;
  private String template;

  @BeforeEach
  void splitTheSampleInsideItsAttack() throws Exception {
    List<String> before = new ArrayList<>();
    List<String> after = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(Pipelines.REAL_SAMPLE, StandardCharsets.UTF_8)) {
      Instant t = Instant.parse(json.readTree(line).get("@timestamp").asText());
      (t.isBefore(SPLIT) ? before : after).add(line);
    }
    assertThat(before).hasSize(60);
    assertThat(after).hasSize(446);
    day22 = Files.createDirectories(tmp.resolve("archive/2020/09/22"));
    day23 = Files.createDirectories(tmp.resolve("archive/2020/09/23"));
    Files.write(day22.resolve("security.json"), before);
    Files.write(day23.resolve("security.json"), after);
    template = tmp.resolve("archive") + "/{yyyy}/{MM}/{dd}/";
  }

  @Test
  void aChainAcrossMidnightIsReportedOnceByTheDayItEnds() throws Exception {
    Path out = tmp.resolve("hunts");
    assertThat(nightly("--from", "2020-09-22", "--to", "2020-09-23", "--output", out.toString()))
        .as(runs.stderr.toString())
        .isZero();
    Path single = tmp.resolve("single");
    assertThat(runs.smbhunt("--input", "" + day22, "" + day23, "--output", single.toString()))
        .as(runs.stderr.toString())
        .isZero();

    List<Detection> of23 = rows(out.resolve("input_date=2020-09-23"));
    List<Detection> both = rows(single);
    assertThat(counts(both))
        .isEqualTo(
            Map.of(
                "smb_remote_file_1", 1L,
                "smb_remote_file_2", 1L,
                "smb_remote_file_3", 2L,
                "smb_remote_file_4", 2L,
                "smb_remote_file_5", 2L));
    assertTheDaysShareTheSingleRun(
        both, rows(out.resolve("input_date=2020-09-22")), of23, source(day22));
    // The 22nd: I and II on its C$ connect; the 23rd: III, V and the IV that straddles.
    assertThat(counts(of23))
        .isEqualTo(
            Map.of("smb_remote_file_3", 2L, "smb_remote_file_4", 2L, "smb_remote_file_5", 2L));
    String file22 = source(day22) + "/security.json";
    assertThat(of23.stream().filter(d -> d.analyticId.equals("smb_remote_file_4")))
        .hasSize(2)
        .allSatisfy(
            d ->
                assertThat(Arrays.stream(d.evidence).skip(1).map(e -> e.source + ":" + e.line))
                    .containsExactly(file22 + ":58", file22 + ":59"));

    // The 23rd's manifest counts its own 446 lines; the 22nd's 60 only in its context block.
    JsonNode m23 = manifest(out, "2020-09-23");
    assertThat(m23.get("counts").toString()).isEqualTo(COUNTS_OF_23);
    assertThat(m23.get("reconciled").asBoolean()).isTrue();
    assertThat(m23.get("context").toString())
        .isEqualTo(
            "{\"day\":\"2020-09-22\",\"inputs\":[\""
                + day22
                + "/\"],\"files\":1,\"lines_read\":60}");
    assertThat(m23.get("detections").toString())
        .isEqualTo(
            "{\"smb_remote_file_1\":0,\"smb_remote_file_2\":0,\"smb_remote_file_3\":2,"
                + "\"smb_remote_file_4\":2,\"smb_remote_file_5\":2,\"car_2013_05_003\":0,"
                + "\"car_2014_03_001\":0,\"smb_named_pipe_host\":0}");
    assertThat(manifest(out, "2020-09-22").get("counts").get("lines_read").asLong()).isEqualTo(60);
    assertThat(runs.stdout.toString())
        .contains("  context: 60 lines of 2020-09-22 read from 1 files");

    // The same rows at parallelism 1 in streaming mode.
    Path streaming = tmp.resolve("streaming");
    assertThat(
            nightly(
                "--date",
                "2020-09-23",
                "--output",
                streaming.toString(),
                "--mode",
                "streaming",
                "--parallelism",
                "1"))
        .as(runs.stderr.toString())
        .isZero();
    assertThat(rows(streaming.resolve("input_date=2020-09-23")))
        .containsExactlyInAnyOrderElementsOf(of23);
  }

  @Test
  void withoutContextTheChainAcrossMidnightIsLost() throws Exception {
    Path config =
        Files.writeString(tmp.resolve("c.yaml"), "nightly: {previous_day_context: false}");
    Path out = tmp.resolve("hunts");
    assertThat(nightly("--date", "2020-09-23", "--output", "" + out, "--config", "" + config))
        .as(runs.stderr.toString())
        .isZero();
    assertThat(counts(rows(out.resolve("input_date=2020-09-23"))))
        .isEqualTo(Map.of("smb_remote_file_3", 2L, "smb_remote_file_5", 2L));
    JsonNode manifest = manifest(out, "2020-09-23");
    assertThat(manifest.get("counts").toString()).isEqualTo(COUNTS_OF_23);
    assertThat(manifest.has("context")).isFalse();
    assertThat(runs.stdout.toString()).doesNotContain("context:");
  }

  @Test
  void theFirstDayOfTheArchiveIsHuntedWithoutContextAndAWarning() throws Exception {
    JsonNode manifest = huntThe22ndWarnedThatThe21stInput("does not exist");
    assertThat(manifest.get("context").toString())
        .isEqualTo("{\"day\":\"2020-09-21\",\"inputs\":[],\"files\":0,\"lines_read\":0}");
  }

  @Test
  void aPreviousDayFolderWithoutFilesIsWarnedOfAsAMissingOneIs() throws Exception {
    // The folder of the 21st was made but its export never arrived: no context, and a word of it.
    Files.createDirectories(tmp.resolve("archive/2020/09/21"));
    JsonNode manifest = huntThe22ndWarnedThatThe21stInput("holds no files to read");
    assertThat(manifest.get("context").get("files").asLong()).isZero();
  }

  /**
   * Hunts the 22nd alone, checks the warning that its context input is missing (on stderr and in
   * the manifest) and that its rows are its own, and returns its manifest.
   */
  private JsonNode huntThe22ndWarnedThatThe21stInput(String why) throws Exception {
    Path out = tmp.resolve("hunts");
    assertThat(nightly("--date", "2020-09-22", "--output", out.toString()))
        .as(runs.stderr.toString())
        .isZero();
    String warning =
        "2020-09-22: hunted without the previous day's context from this input (--input "
            + tmp.resolve("archive/2020/09/21")
            + "/ "
            + why
            + "): a chain that began on 2020-09-21 there is not completed";
    assertThat(runs.stderr.toString()).contains("smbhunt: warning: " + warning + "\n");
    JsonNode manifest = manifest(out, "2020-09-22");
    assertThat(manifest.get("warnings").toString())
        .isEqualTo("[" + new ObjectMapper().writeValueAsString(warning) + "]");
    assertThat(counts(rows(out.resolve("input_date=2020-09-22"))))
        .isEqualTo(Map.of("smb_remote_file_1", 1L, "smb_remote_file_2", 1L));
    return manifest;
  }

  @Test
  void aBadLineOfThePreviousDayIsQuarantinedByItsOwnDayOnly() throws Exception {
    Files.writeString(
        day22.resolve("security.json"), "{\"EventID\": 5140, broken\n", StandardOpenOption.APPEND);
    Path out = tmp.resolve("hunts");
    assertThat(nightly("--from", "2020-09-22", "--to", "2020-09-23", "--output", out.toString()))
        .as(runs.stderr.toString())
        .isZero();
    assertThat(quarantine(out.resolve("input_date=2020-09-22")))
        .extracting(q -> q.source + ":" + q.line + " " + q.reason)
        .containsExactly(source(day22) + "/security.json:61 invalid_json");
    assertThat(quarantine(out.resolve("input_date=2020-09-23"))).isEmpty();
    JsonNode m23 = manifest(out, "2020-09-23");
    assertThat(m23.get("counts").toString()).isEqualTo(COUNTS_OF_23);
    assertThat(m23.get("quarantined_by_reason").toString()).isEqualTo("{}");
    assertThat(m23.get("context").get("lines_read").asLong()).isEqualTo(61);
    assertThat(manifest(out, "2020-09-22").get("quarantined_by_reason").toString())
        .isEqualTo("{\"invalid_json\":1}");
  }

  @Test
  void aBadValueOfTheSettingStopsTheRunWithOneLine() throws Exception {
    Path config = Files.writeString(tmp.resolve("c.yaml"), "nightly: {previous_day_context: 1}");
    Path out = tmp.resolve("hunts");
    assertThat(nightly("--date", "2020-09-23", "--output", "" + out, "--config", "" + config))
        .isEqualTo(2);
    assertThat(runs.stderr.toString())
        .isEqualTo(
            "smbhunt: c.yaml: nightly.previous_day_context: accepts true or false, got '1'\n");
    assertThat(out).doesNotExist();
  }

  /** A nightly run or backfill over the two day folders. */
  private int nightly(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--input-template", template));
    return runs.smbhunt(all.toArray(String[]::new));
  }
}
