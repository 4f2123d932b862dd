package io.smbhunt.job.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.decode.RunCounters;
import io.smbhunt.job.testing.Pipelines;
import io.smbhunt.job.testing.TestClusters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event files holding a JSON array or pretty-printed events: each event is read as a line is (see
 * JsonRecordLines).
 */
class JsonRecordFilesTest {

  @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.withSlots(2);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Path ARRAYS = Path.of("src/test/resources/arrays").toAbsolutePath();

  private static final Path EVTX_DUMP = Path.of("src/test/resources/evtx-dump").toAbsolutePath();

  @Test
  void theRealSampleAsAnArrayGivesTheRowsOfItsLinesWithElementNumbersForLines(@TempDir Path tmp)
      throws Exception {
    Pipelines.Run asLines = Pipelines.run(List.of(Pipelines.REAL_SAMPLE), Profile.DEFAULT);
    List<String> expected = rows(asLines.detections(), Pipelines.REAL_SAMPLE);
    assertThat(expected).hasSize(8);

    ArrayNode events = JSON.createArrayNode();
    for (String line : Files.readAllLines(Pipelines.REAL_SAMPLE, StandardCharsets.UTF_8)) {
      events.add(JSON.readTree(line));
    }
    // As the later Security-Datasets files have it (one line), and pretty-printed and gzipped.
    Path oneLine = Files.writeString(tmp.resolve("one-line.json"), JSON.writeValueAsString(events));
    Path pretty = tmp.resolve("pretty.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(pretty))) {
      JSON.writerWithDefaultPrettyPrinter().writeValue(out, events);
    }
    for (Path array : List.of(oneLine, pretty)) {
      Pipelines.Run run = Pipelines.run(List.of(array), Profile.DEFAULT);
      assertThat(rows(run.detections(), array)).as(array.toString()).isEqualTo(expected);
      assertThat(run.quarantine()).isEmpty();
      assertThat(counter(run.result(), RunCounters.LINES_READ)).isEqualTo(506);
      assertThat(counter(run.result(), RunCounters.DECODED)).isEqualTo(506);
    }
  }

  @Test
  void realArrayFilesOfTwoShippersAreReadElementByElement() throws Exception {
    List<Path> files = jsonFiles(ARRAYS);
    assertThat(files).hasSize(3);
    Pipelines.Run run = Pipelines.run(files, Profile.DEFAULT);
    assertThat(run.quarantine()).isEmpty();
    assertThat(run.detections()).isEmpty();
    // 2 logoffs (pretty-printed), a 4688 and a 4690, a Sysmon 11 by svchost (one-line arrays).
    assertThat(counter(run.result(), RunCounters.LINES_READ)).isEqualTo(5);
    assertThat(counter(run.result(), RunCounters.USED)).isEqualTo(2);
    assertThat(counter(run.result(), RunCounters.NOT_RELEVANT)).isEqualTo(3);
  }

  @Test
  void sigmasRegressionEventsPrettyPrintedOnePerFileAsEvtxDumpWritesThem() throws Exception {
    List<Path> files = jsonFiles(EVTX_DUMP);
    Pipelines.Run run = Pipelines.run(files, Profile.DEFAULT);
    assertThat(run.quarantine()).isEmpty();
    assertThat(counter(run.result(), RunCounters.LINES_READ)).isEqualTo(6);
    assertThat(run.detections())
        .extracting(d -> d.analyticId, d -> d.severity, d -> d.user, d -> d.share, d -> d.target)
        .containsExactlyInAnyOrder(
            tuple("smb_remote_file_3", "medium", "samir", "\\\\*\\C$", "Users\\PSAM"),
            // The host pipe analytic: a PsExec-style -stdin pipe ranks high, an unlisted pipe
            // medium, protected_storage low; spoolss is allow-listed.
            tuple(
                "smb_named_pipe_host",
                "high",
                "IEUser",
                "\\\\*\\IPC$",
                "blabla-nllt108334-37048-stdin"),
            tuple("smb_named_pipe_host", "medium", "user03", "\\\\*\\IPC$", "samir"),
            tuple("smb_named_pipe_host", "low", "backdoor", "\\\\*\\IPC$", "protected_storage"));
    assertThat(counter(run.result(), RunCounters.USED)).isEqualTo(6);
  }

  private static List<Path> jsonFiles(Path folder) throws IOException {
    try (var listing = Files.list(folder)) {
      return listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static long counter(JobExecutionResult result, String name) {
    return ((Number) result.getAllAccumulatorResults().get(name)).longValue();
  }

  /** The rows as text, sorted, with the evidence's file name replaced by a placeholder. */
  private static List<String> rows(List<Detection> detections, Path file) {
    String source = Pipelines.sourceOf(file);
    return detections.stream()
        .map(d -> d.toString().replace(source + ":", "SAMPLE:"))
        .sorted()
        .toList();
  }
}
