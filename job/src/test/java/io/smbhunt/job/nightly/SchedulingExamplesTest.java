package io.smbhunt.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smbhunt.job.SmbHunt;
import io.smbhunt.job.cli.CommandLine;
import io.smbhunt.job.cli.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.junit.jupiter.api.Test;

/**
 * The scheduling examples in conf/examples are real: they parse, name the real main class, and
 * their arguments are accepted by smbhunt's own command line parser.
 */
class SchedulingExamplesTest {

  private static final Path EXAMPLES = Path.of("../conf/examples");

  @Test
  void kubernetesCronJobCreatesABatchFlinkDeploymentOfTheRealMainClass() throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    ObjectMapper yaml = new YAMLMapper();
    try (var parser =
        new YAMLFactory()
            .createParser(EXAMPLES.resolve("kubernetes/smbhunt-nightly.yaml").toFile())) {
      yaml.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    assertThat(docs)
        .extracting(d -> d.get("kind").asText())
        .containsExactly("ConfigMap", "CronJob");

    JsonNode cron = docs.get(1);
    assertThat(cron.at("/spec/schedule").asText()).isEqualTo("30 2 * * *");
    JsonNode container = cron.at("/spec/jobTemplate/spec/template/spec/containers/0");
    assertThat(container.at("/command/2").asText())
        .contains("kubectl create -f /smbhunt/flinkdeployment.yaml");

    JsonNode deployment = yaml.readTree(docs.get(0).at("/data/flinkdeployment.yaml").asText());
    assertThat(deployment.get("kind").asText()).isEqualTo("FlinkDeployment");
    assertThat(deployment.at("/spec/flinkConfiguration/execution.runtime-mode").asText())
        .isEqualTo("BATCH");
    JsonNode job = deployment.at("/spec/job");
    assertThat(job.get("entryClass").asText()).isEqualTo(SmbHunt.class.getName());
    assertThat(job.get("jarURI").asText()).endsWith("/smbhunt-job.jar");
    assertThat(job.get("upgradeMode").asText()).isEqualTo("stateless");
    List<String> args = new ArrayList<>();
    job.get("args").forEach(a -> args.add(a.asText()));
    RunOptions options = CommandLine.parse(args.toArray(new String[0]));
    assertThat(options.isBackfill()).isTrue();
    assertThat(options.days()).hasSize(1);
    assertThat(options.mode()).isEqualTo(RuntimeExecutionMode.BATCH);
    assertThat(options.inputTemplates()).hasSize(2);
  }

  @Test
  void systemdServiceRunsANightlyThatTheParserAccepts() throws Exception {
    String service = Files.readString(EXAMPLES.resolve("systemd/smbhunt-nightly.service"));
    String execStart =
        service.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
    String[] words = execStart.substring("ExecStart=".length()).split(" ");
    assertThat(words[0]).isEqualTo("/opt/smbhunt/bin/smbhunt");
    RunOptions options = CommandLine.parse(java.util.Arrays.copyOfRange(words, 1, words.length));
    assertThat(options.isBackfill()).isTrue();
    assertThat(options.output()).isEqualTo("/srv/hunts/smbhunt");

    String timer = Files.readString(EXAMPLES.resolve("systemd/smbhunt-nightly.timer"));
    assertThat(timer).contains("OnCalendar=*-*-* 02:30:00").contains("Persistent=true");
  }
}
