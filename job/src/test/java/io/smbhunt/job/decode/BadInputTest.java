package io.smbhunt.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.testing.GeneratedCorpus;
import io.smbhunt.job.testing.Pipelines;
import io.smbhunt.job.testing.TestClusters;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §6: bad input is quarantined with file, line and reason, and every line is counted. */
class BadInputTest {

  @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.withSlots(2);

  @TempDir Path tmp;

  @Test
  void quarantinesExactlyTheGeneratorsInvalidLinesAndTheOverLongOne() throws Exception {
    GeneratedCorpus corpus =
        GeneratedCorpus.generate(
            tmp.resolve("corpus"),
            "--events",
            "20000",
            "--files",
            "3",
            "--seed",
            "7",
            "--bad-rate",
            "0.002",
            "--long-line-bytes",
            "3000000");
    SmbHuntConfig config = new SmbHuntConfig();
    config.maxLineBytes = 1024 * 1024;

    for (Profile profile : Profile.values()) {
      Pipelines.Run run =
          Pipelines.run(corpus.files(), profile, config, RuntimeExecutionMode.BATCH, 2);

      Map<String, Long> reasons =
          run.quarantine().stream()
              .collect(Collectors.groupingBy(q -> q.reason, TreeMap::new, Collectors.counting()));
      assertThat(reasons.remove("line_too_long")).isEqualTo(1L);
      assertThat(reasons.values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(corpus.invalidLines());
      assertThat(reasons.keySet())
          .containsExactlyInAnyOrder(
              "blank_line",
              "invalid_json",
              "invalid_utf8",
              "missing_event_id",
              "not_json_object",
              "missing_timestamp",
              "invalid_timestamp");
      QuarantineRecord longLine =
          run.quarantine().stream().filter(q -> q.reason.equals("line_too_long")).findFirst().get();
      assertThat(longLine.rawLength).isGreaterThan(3_000_000L);
      assertThat(longLine.raw.length()).isLessThanOrEqualTo(config.quarantineRawBytes);
      assertThat(run.quarantine())
          .allSatisfy(
              q -> {
                assertThat(q.source).contains("events-00");
                assertThat(q.line).isPositive();
                assertThat(q.detail).isNotBlank();
              });

      assertReconciles(run.result(), corpus.linesTotal());
      // The single-event analytics agree with the generator's independent ground truth.
      long i = run.of("smb_remote_file_1").size();
      long iii = run.of("smb_remote_file_3").size();
      if (profile == Profile.SEED) {
        assertThat(List.of(i, iii))
            .containsExactly(corpus.expectedSeed("I"), corpus.expectedSeed("III"));
      } else {
        assertThat(List.of(i, iii))
            .containsExactly(corpus.expectedDefault("I"), corpus.expectedDefault("III"));
      }
    }
  }

  @Test
  void survivesCorruptEmptyAndOddFilesAndSaysWhere() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("archive"));
    List<String> sample = Files.readAllLines(Pipelines.REAL_SAMPLE, StandardCharsets.UTF_8);
    String firstTen = String.join("\n", sample.subList(0, 10)) + "\n";

    // A gzip whose stream breaks after its first part.
    byte[] gz = gzip(String.join("\n", sample).getBytes(StandardCharsets.UTF_8));
    byte[] corrupt = Arrays.copyOf(gz, gz.length);
    for (int k = gz.length / 2; k < gz.length / 2 + 64; k++) {
      corrupt[k] ^= 0x5a;
    }
    Files.write(dir.resolve("broken.json.gz"), corrupt);
    Files.write(dir.resolve("empty.json"), new byte[0]);
    Files.write(dir.resolve("two-entries.zip"), zip("a.json", firstTen, "b.json", firstTen));
    Files.writeString(
        dir.resolve("mixed.json"),
        sample.get(58) + "\n{\"EventID\":5140,\"Channel\"\n\n" + sample.get(61) + "\r\n");

    Pipelines.Run run = Pipelines.run(List.of(dir), Profile.SEED);

    assertThat(run.quarantine())
        .extracting(
            q -> q.source.substring(q.source.lastIndexOf('/') + 1), q -> q.line, q -> q.reason)
        .contains(
            org.assertj.core.groups.Tuple.tuple("mixed.json", 2L, "invalid_json"),
            org.assertj.core.groups.Tuple.tuple("mixed.json", 3L, "blank_line"));
    List<QuarantineRecord> broken =
        run.quarantine().stream().filter(q -> q.source.endsWith("broken.json.gz")).toList();
    // Garbage inflated before the error is noticed may be quarantined too; the failure itself is
    // reported exactly once and the file's good lines before it are kept.
    assertThat(broken).extracting(q -> q.reason).containsOnlyOnce("corrupt_compressed_file");
    // Both zip entries are read, each with its own line numbers.
    assertThat(run.of("smb_remote_file_1"))
        .extracting(d -> d.evidence[0].source)
        .anyMatch(s -> s.endsWith("mixed.json"));
    // Line 62 (the 0x2 write) is in mixed.json and in the intact first half of the broken gzip.
    assertThat(run.of("smb_remote_file_3"))
        .extracting(d -> d.evidence[0].source.substring(d.evidence[0].source.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrder("mixed.json", "broken.json.gz");
    long zipLines = (Long) run.result().getAllAccumulatorResults().get(RunCounters.LINES_READ);
    assertThat(zipLines).isGreaterThanOrEqualTo(10 + 10 + 4);
    assertReconciles(run.result(), -1);
  }

  static void assertReconciles(JobExecutionResult result, long expectedLines) {
    Map<String, Object> acc = result.getAllAccumulatorResults();
    long read = (Long) acc.get(RunCounters.LINES_READ);
    long decoded = (Long) acc.get(RunCounters.DECODED);
    long quarantined = (Long) acc.getOrDefault(RunCounters.QUARANTINED, 0L);
    long used = (Long) acc.get(RunCounters.USED);
    long notRelevant = (Long) acc.get(RunCounters.NOT_RELEVANT);
    assertThat(read).isEqualTo(decoded + quarantined);
    assertThat(decoded).isEqualTo(used + notRelevant);
    if (expectedLines >= 0) {
      assertThat(read).isEqualTo(expectedLines);
    }
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private static byte[] zip(String name1, String text1, String name2, String text2)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry(name1));
      out.write(text1.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new ZipEntry(name2));
      out.write(text2.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return bytes.toByteArray();
  }
}
