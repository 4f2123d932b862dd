package io.smbhunt.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.testing.GeneratedCorpus;
import io.smbhunt.job.testing.Pipelines;
import io.smbhunt.job.testing.TestClusters;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * smb_named_pipe_host: 5145 writes to pipes on IPC$ by non-machine accounts, with pipe severity.
 */
class SmbNamedPipeHostTest {

  @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.withSlots(2);

  @TempDir Path tmp;

  /** The real sample's three 5145s are all on C$: no pipe access, so no row. */
  @Test
  void realSampleHasNoPipeWrite() throws Exception {
    assertThat(
            Pipelines.run(List.of(Pipelines.REAL_SAMPLE), Profile.DEFAULT)
                .of("smb_named_pipe_host"))
        .isEmpty();
  }

  /**
   * The generator's background SMB sessions open lsarpc, samr, srvsvc, wkssvc and netlogon on IPC$
   * with masks 0x3 and 0x12019f (both with WriteData), by users and machine accounts. The rows are
   * checked against a plain Jackson reading of the same files.
   */
  @Test
  void generatedCorpusRowsEqualAPlainReadingOfTheFiles() throws Exception {
    GeneratedCorpus corpus =
        GeneratedCorpus.generate(
            tmp.resolve("corpus"),
            "--events",
            "30000",
            "--files",
            "2",
            "--seed",
            "3",
            "--bad-rate",
            "0");
    SmbHuntConfig config = new SmbHuntConfig();
    List<String> expected = expected(corpus.files(), config);
    assertThat(expected).isNotEmpty();

    Pipelines.Run run =
        Pipelines.run(corpus.files(), Profile.DEFAULT, config, RuntimeExecutionMode.BATCH, 2);
    assertThat(
            run.of("smb_named_pipe_host").stream()
                .map(d -> key(d.evidence[0].source, d.evidence[0].line, d.target, d.severity))
                .toList())
        .containsExactlyInAnyOrderElementsOf(expected);

    config.includeAllowlisted = true; // no allow-listed pipe in this corpus: the same rows
    assertThat(
            Pipelines.run(corpus.files(), Profile.DEFAULT, config, RuntimeExecutionMode.BATCH, 2)
                .of("smb_named_pipe_host"))
        .hasSize(expected.size());
  }

  private static List<String> expected(List<Path> files, SmbHuntConfig config) throws Exception {
    ObjectMapper json = new ObjectMapper();
    NamedPipes pipes = config.namedPipes();
    List<String> rows = new ArrayList<>();
    for (Path file : files) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        long n = 0;
        while ((line = in.readLine()) != null) {
          n++;
          JsonNode e;
          try {
            e = json.readTree(line);
          } catch (Exception malformed) {
            continue;
          }
          if (e == null
              || e.path("EventID").asInt() != 5145
              || !e.path("Channel").asText().equalsIgnoreCase("security")
              || !e.path("ShareName").asText().toUpperCase(Locale.ROOT).endsWith("\\IPC$")
              || e.path("RelativeTargetName").asText().isBlank()
              || e.path("SubjectUserName").asText().endsWith("$")) {
            continue;
          }
          String mask = e.path("AccessMask").asText();
          if (!mask.startsWith("0x") || (Long.parseLong(mask.substring(2), 16) & 2) == 0) {
            continue;
          }
          String pipe = e.get("RelativeTargetName").asText();
          NamedPipes.Standing standing = pipes.standing(pipe);
          if (standing == NamedPipes.Standing.ALLOWLISTED) {
            continue;
          }
          rows.add(
              key(Pipelines.sourceOf(file), n, pipe.toLowerCase(Locale.ROOT), standing.severity));
        }
      }
    }
    return rows;
  }

  private static String key(String source, long line, String pipe, String severity) {
    return source + ":" + line + " " + pipe + " " + severity;
  }
}
