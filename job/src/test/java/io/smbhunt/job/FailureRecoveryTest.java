package io.smbhunt.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.analytics.AnalyticInfo;
import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.decode.RunCounters;
import io.smbhunt.job.read.ArchiveSources;
import io.smbhunt.job.testing.GeneratedCorpus;
import io.smbhunt.job.write.OutputSinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming with checkpoints survives the loss of a TaskManager: the job restarts from its last
 * checkpoint and its output equals a failure-free run's — no row lost, none duplicated, no
 * in-progress file left where readers look — and so do the manifest's counts. Beside the generated
 * Windows events the run reads the bundled Suricata logs, whose flows wait in keyed state (as the
 * joins' events do) until the input ends, so the restore brings them back too.
 */
class FailureRecoveryTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(2)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final Path SURICATA = Path.of("../samples/suricata").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void killingATaskManagerMidRunChangesNothingInTheOutput(@InjectMiniCluster MiniCluster cluster)
      throws Exception {
    GeneratedCorpus corpus =
        GeneratedCorpus.generate(
            tmp.resolve("corpus"), "--events", "120000", "--files", "4", "--seed", "9");

    Path calm = tmp.resolve("calm");
    JobExecutionResult calmRun = start(corpus, calm).getJobExecutionResult().get();

    Path failing = tmp.resolve("failing");
    JobClient job = start(corpus, failing);
    // Kill once a checkpoint has committed output: the restore then really starts mid-way.
    waitFor(() -> parquetFiles(failing).size() > 0, Duration.ofMinutes(2));
    cluster.terminateTaskManager(0).get();
    cluster.startTaskManager();
    JobExecutionResult failingRun = job.getJobExecutionResult().get();

    assertThat(rows(calm))
        .anyMatch(r -> r.startsWith("car_2013_05_003|"))
        .anyMatch(r -> r.startsWith("smb_remote_file_4|"));
    assertThat(rows(failing)).isEqualTo(rows(calm));
    assertThat(counts(failingRun)).isEqualTo(counts(calmRun));
    assertThat((Long) failingRun.getAllAccumulatorResults().get(RunCounters.LINES_READ))
        .isEqualTo(corpus.linesTotal() + linesUnder(SURICATA));
    try (Stream<Path> files = Files.walk(failing)) {
      // In-progress part files are hidden (".part-…"); a reader's *.parquet glob never sees them.
      assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .allMatch(n -> n.endsWith(".parquet") || n.startsWith("."));
    }
  }

  private static JobClient start(GeneratedCorpus corpus, Path out) throws Exception {
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    SmbHuntConfig config = new SmbHuntConfig();
    org.apache.flink.core.fs.Path output = new org.apache.flink.core.fs.Path(out.toUri());
    SmbHuntPipeline.build(
        env,
        ArchiveSources.fileSource(
            Stream.concat(corpus.files().stream(), Stream.of(SURICATA))
                .map(p -> new org.apache.flink.core.fs.Path(p.toUri()))
                .toList(),
            config.maxLineBytes),
        config,
        Profile.DEFAULT,
        new SmbHuntPipeline.Sinks(OutputSinks.detections(output), OutputSinks.quarantine(output)));
    return env.executeAsync("failure test " + out.getFileName());
  }

  /** Every detection row, rendered whole, sorted: a multiset compare. */
  private static List<String> rows(Path out) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT * EXCLUDE (date) FROM read_parquet('"
                    + out
                    + "/*/date=*/*.parquet', hive_partitioning = true)")) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(rs.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }

  /** The lines of the files under {@code dir}, counted as the reader counts them. */
  private static long linesUnder(Path dir) throws Exception {
    long lines = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] b = Files.readAllBytes(f);
        for (byte c : b) {
          lines += c == '\n' ? 1 : 0;
        }
        lines += b.length > 0 && b[b.length - 1] != '\n' ? 1 : 0;
      }
    }
    return lines;
  }

  private static Map<String, Object> counts(JobExecutionResult result) {
    Map<String, Object> counts = new TreeMap<>(result.getAllAccumulatorResults());
    // A progress figure, not in the manifest: a file resumed after the restore is begun again.
    counts.remove(RunCounters.FILES_STARTED);
    for (AnalyticInfo a : SmbHuntPipeline.analytics()) {
      assertThat(counts).containsKey(RunCounters.DETECTIONS_PREFIX + a.id());
    }
    return counts;
  }

  private static List<Path> parquetFiles(Path out) {
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
    } catch (Exception e) {
      return List.of(); // the sink is renaming files as we look
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + limit);
      }
      Thread.sleep(20);
    }
  }
}
