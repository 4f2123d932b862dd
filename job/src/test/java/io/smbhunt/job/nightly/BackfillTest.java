package io.smbhunt.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smbhunt.job.SmbHunt;
import io.smbhunt.job.testing.Pipelines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nightly and backfill runs: one published partition per input day, replaced on a re-run. */
class BackfillTest {

  @TempDir Path tmp;

  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int smbhunt(String... args) {
    return SmbHunt.run(
        args,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @Test
  void aDayWhoseInputHoldsTheFolderOfDaysIsRefused() throws Exception {
    Path day = Files.createDirectories(tmp.resolve("n/2020-09-22"));
    Files.copy(Pipelines.REAL_SAMPLE, day.resolve("security.json"));
    Path out = day.resolve("hunts");
    String[] nightly = {
      "--date",
      "2020-09-22",
      "--input-template",
      tmp.resolve("n") + "/{yyyy}-{MM}-{dd}/",
      "--output",
      out.toString()
    };

    assertThat(smbhunt(nightly)).isEqualTo(2);
    assertThat(stderr.toString())
        .contains("2020-09-22: --output " + out + " lies inside the input ")
        .contains(": give a folder outside the inputs");
    assertThat(out.resolve("input_date=2020-09-22")).doesNotExist();
  }

  @Test
  void eachDayIsPublishedOnceAndARerunReplacesIt() throws Exception {
    List<String> sample = Files.readAllLines(Pipelines.REAL_SAMPLE, StandardCharsets.UTF_8);
    Path day22 = Files.createDirectories(tmp.resolve("archive/2020/09/22"));
    Path day23 = Files.createDirectories(tmp.resolve("archive/2020/09/23"));
    Files.write(day22.resolve("security.json"), sample);
    Files.write(day23.resolve("security.json"), sample.subList(0, 50)); // before the attack
    String template = tmp.resolve("archive").toString() + "/{yyyy}/{MM}/{dd}/";
    Path out = tmp.resolve("hunts");
    String[] backfill = {
      "--from",
      "2020-09-22",
      "--to",
      "2020-09-23",
      "--input-template",
      template,
      "--output",
      out.toString(),
      "--profile",
      "seed",
      "--parallelism",
      "2"
    };

    assertThat(smbhunt(backfill)).as(stderr.toString()).isZero();
    assertThat(out.resolve("input_date=2020-09-22/_SUCCESS")).exists();
    assertThat(out.resolve("input_date=2020-09-23/_SUCCESS")).exists();
    assertThat(detections(out, "2020-09-22", "smb_remote_file_1")).isEqualTo(1);
    assertThat(detections(out, "2020-09-23", "smb_remote_file_1")).isZero();
    assertThat(parquet(out.resolve("input_date=2020-09-22/smb_remote_file_1/date=2020-09-22")))
        .hasSize(1);

    // The 22nd's archive is corrected (the C$ connect on line 59 removed) and re-run: the day is
    // replaced, not added to.
    List<String> corrected = new java.util.ArrayList<>(sample);
    corrected.remove(58);
    Files.write(day22.resolve("security.json"), corrected);
    String[] nightly = {
      "--date",
      "2020-09-22",
      "--input-template",
      template,
      "--output",
      out.toString(),
      "--profile",
      "seed",
      "--parallelism",
      "2"
    };
    assertThat(smbhunt(nightly)).as(stderr.toString()).isZero();
    assertThat(detections(out, "2020-09-22", "smb_remote_file_1")).isZero();
    assertThat(parquet(out.resolve("input_date=2020-09-22")))
        .noneMatch(p -> p.toString().contains("smb_remote_file_1"));
    assertThat(parquet(out.resolve("_staging"))).isEmpty();
    assertThat(parquet(out.resolve("_trash"))).isEmpty();
  }

  @Test
  void aMissingDayIsReportedWhileTheOthersArePublished() throws Exception {
    Path day22 = Files.createDirectories(tmp.resolve("archive/dt=2020-09-22"));
    Files.copy(Pipelines.REAL_SAMPLE, day22.resolve("security.json"));
    Path out = tmp.resolve("hunts");
    int code =
        smbhunt(
            "--from",
            "2020-09-21",
            "--to",
            "2020-09-22",
            "--input-template",
            tmp.resolve("archive").toString() + "/dt={date}",
            "--output",
            out.toString(),
            "--parallelism",
            "2");
    assertThat(code).isEqualTo(2);
    assertThat(stderr.toString()).contains("2020-09-21: --input ").contains("does not exist");
    assertThat(out.resolve("input_date=2020-09-22/_SUCCESS")).exists();
    assertThat(out.resolve("input_date=2020-09-21")).doesNotExist();
  }

  private static long detections(Path out, String day, String analytic) throws Exception {
    return new ObjectMapper()
        .readTree(out.resolve("input_date=" + day + "/_manifest.json").toFile())
        .get("detections")
        .get(analytic)
        .asLong();
  }

  private static List<Path> parquet(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
    }
  }
}
