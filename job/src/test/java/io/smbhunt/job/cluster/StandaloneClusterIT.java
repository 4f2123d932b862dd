package io.smbhunt.job.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smbhunt.job.SmbHunt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * smbhunt on a real Flink cluster: a standalone session cluster (a JobManager and two TaskManagers,
 * each its own JVM, configured by {@code conf/cluster/config.yaml}) runs the shaded job jar
 * submitted by Flink's CLI exactly as {@code flink run} submits it, and the result must be the
 * MiniCluster's, row for row. This is what the unit tests cannot show: that the jar carries what
 * the cluster lacks (Parquet, Hadoop's Configuration, Jackson, xz) and nothing that clashes with
 * what it has, that every type crosses JVMs with Flink's serializers, and that the client writes
 * the manifest after the job. Run by failsafe after {@code package}, which builds the jar.
 */
class StandaloneClusterIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JOB_JAR = ROOT.resolve("job/target/smbhunt-job.jar");
  private static final Path PROVIDED_CLASSPATH = ROOT.resolve("job/target/provided-classpath.txt");
  private static final Path WINDOWS_SAMPLE =
      ROOT.resolve(
          "samples/security-datasets/covenant_copy_smb_CreateRequest_2020-09-22145302.json");
  private static final Path ZEEK_SAMPLE = ROOT.resolve("samples/zeek-wrccdc2018/zeek-json");

  private static final int TASK_MANAGERS = 2;
  private static final int SLOTS_PER_TASK_MANAGER = 2;

  @TempDir static Path tmp;

  private static StandaloneCluster cluster;

  @BeforeAll
  static void startCluster() throws IOException {
    assertThat(JOB_JAR).as("the shaded job jar, built in the package phase").isRegularFile();
    // Not awaited here: the three JVMs boot while the test runs the MiniCluster half.
    cluster =
        StandaloneCluster.start(
            ROOT.resolve("conf/cluster"),
            PROVIDED_CLASSPATH,
            tmp.resolve("cluster"),
            TASK_MANAGERS);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aClusterRunWritesTheRowsAndCountsOfAMiniClusterRun() throws Exception {
    Path localOut = tmp.resolve("local-out");
    Path clusterOut = tmp.resolve("cluster-out");

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(console, true, UTF_8);
    int localExit = SmbHunt.run(args(localOut), print, print);
    assertThat(localExit).as("MiniCluster run:\n%s", console.toString(UTF_8)).isZero();

    cluster.awaitReady(
        TASK_MANAGERS, TASK_MANAGERS * SLOTS_PER_TASK_MANAGER, Duration.ofSeconds(90));
    StandaloneCluster.CliRun run =
        cluster.flinkRun(
            JOB_JAR, SmbHunt.class.getName(), List.of(args(clusterOut)), Duration.ofMinutes(3));
    assertThat(run.exitCode())
        .withFailMessage(
            "flink run exited with %d:\n%s\n%s", run.exitCode(), run.output(), cluster.logTails())
        .isZero();

    // The client writes both after the job, in attached mode, as the MiniCluster run does.
    assertThat(clusterOut.resolve("_SUCCESS")).isRegularFile();
    assertThat(localOut.resolve("_SUCCESS")).isRegularFile();

    List<String> localRows = detectionRows(localOut);
    List<String> clusterRows = detectionRows(clusterOut);
    assertThat(localRows).as("detections of the sample (nothing compared otherwise)").isNotEmpty();
    assertThat(clusterRows).containsExactlyElementsOf(localRows);

    JsonNode local = manifest(localOut);
    JsonNode remote = manifest(clusterOut);
    assertThat(remote.get("counts")).isEqualTo(local.get("counts"));
    assertThat(remote.get("detections")).isEqualTo(local.get("detections"));
    // The counters come through the JobManager's accumulators, the rows through the TaskManagers'
    // Parquet files: equal totals mean no sink lost or repeated a row on the way.
    long counted = 0;
    for (JsonNode n : remote.get("detections")) {
      counted += n.asLong();
    }
    assertThat(clusterRows).hasSize(Math.toIntExact(counted));
  }

  private static String[] args(Path output) {
    return new String[] {
      "--input", WINDOWS_SAMPLE.toString(),
      "--input", ZEEK_SAMPLE.toString(),
      "--output", output.toString(),
      "--parallelism", "2"
    };
  }

  /**
   * Every detection row, read back by DuckDB (an independent Parquet reader) and rendered as text
   * with all its columns (evidence included, the {@code date} partition too), sorted: which task
   * wrote which part file is not part of the result.
   */
  private static List<String> detectionRows(Path out) throws SQLException {
    String glob = out.resolve("*/date=*/*.parquet").toString().replace("'", "''");
    String sql =
        "SELECT CAST(d AS VARCHAR) FROM read_parquet('"
            + glob
            + "', hive_partitioning = true) d ORDER BY 1";
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }

  private static JsonNode manifest(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("_manifest.json").toFile());
  }
}
