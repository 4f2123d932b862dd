package io.smbhunt.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.testing.Pipelines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flink run -s SAVEPOINT}: the client's context environment names the savepoint, and the
 * hunt it restores continues into its own output folder instead of being refused as non-empty.
 */
class SavepointResumeTest {

  @TempDir Path tmp;

  /** Stands in for the context environment the Flink CLI installs for {@code run -s}. */
  private static final class AsIfRestoring extends StreamExecutionEnvironment {
    static void install(String savepoint) {
      Configuration conf = new Configuration();
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      conf.set(DeploymentOptions.TARGET, "local"); // an embedded MiniCluster, as the tests use
      initializeContextEnvironment(
          userConf -> {
            Configuration merged = new Configuration(conf);
            merged.addAll(Configuration.fromMap(userConf.toMap()));
            return new StreamExecutionEnvironment(merged);
          });
    }

    static void uninstall() {
      resetContextEnvironment();
    }
  }

  @AfterEach
  void uninstall() {
    AsIfRestoring.uninstall();
  }

  @Test
  void theSavepointComesFromTheContextEnvironment() {
    assertThat(SmbHunt.restoredSavepoint()).isNull();

    AsIfRestoring.install("file:///hunts/savepoints/savepoint-1");

    assertThat(SmbHunt.restoredSavepoint()).isEqualTo("file:///hunts/savepoints/savepoint-1");
  }

  @Test
  void aRestoredHuntIsNotRefusedItsOwnOutputFolder() throws Exception {
    Path out = tmp.resolve("hunt");
    Path earlierRow = out.resolve("smb_remote_file_1/date=2020-09-22/part-0.parquet");
    Files.createDirectories(earlierRow.getParent());
    Files.writeString(earlierRow, "row");
    Files.writeString(out.resolve("_SUCCESS"), "");
    AsIfRestoring.install(tmp.resolve("no-such-savepoint").toUri().toString());
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    int code =
        SmbHunt.run(
            new String[] {
              "--input",
              Pipelines.REAL_SAMPLE.toString(),
              "--output",
              out.toString(),
              "--mode",
              "streaming",
              "--parallelism",
              "1"
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8));

    // Past the output check: the job itself then fails, as there is no such savepoint to restore.
    assertThat(stderr.toString()).doesNotContain("is not empty").contains("the job failed");
    assertThat(code).isEqualTo(1);
    assertThat(earlierRow).hasContent("row");
    assertThat(out.resolve("_SUCCESS")).doesNotExist();
  }
}
