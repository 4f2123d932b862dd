package io.smbhunt.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.read.ArchiveSources;
import io.smbhunt.job.testing.Pipelines;
import io.smbhunt.job.testing.TestClusters;
import io.smbhunt.job.write.OutputSinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --watch: a streaming job over a landing folder picks up files that arrive after it started. */
class WatchedFolderTest {

  @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.withSlots(2);

  @TempDir Path tmp;

  @Test
  void aFileLandingWhileTheJobRunsIsHunted() throws Exception {
    Path out = tmp.resolve("out");
    JobClient job = watchAndLandTheSample(out);
    job.cancel().get();
  }

  /** What Ctrl-C does to a local watching hunt: the chains it holds are decided and written. */
  @Test
  void stoppingAWatchingHuntWritesTheChainsItStillHeld() throws Exception {
    Path out = tmp.resolve("out");
    JobClient job = watchAndLandTheSample(out);
    // The sample spans a minute: event time is far from closing IV's one-hour window.
    assertThat(parquetFiles(out.resolve("smb_remote_file_4"))).isEmpty();

    StopOnSignal.drain(job).get(2, TimeUnit.MINUTES);
    job.getJobExecutionResult().get(2, TimeUnit.MINUTES);

    assertThat(parquetFiles(out.resolve("smb_remote_file_4"))).hasSize(1);
    assertThat(parquetFiles(out.resolve("smb_remote_file_5"))).hasSize(1);
  }

  /**
   * Ctrl-C as the hunt starts: a savepoint is refused until every task runs, so the stop is asked
   * for again until it is taken, and the hunt ends instead of watching on.
   */
  @Test
  void aStopAskedForBeforeTheTasksRunStillEndsTheHunt() throws Exception {
    JobClient job = watch(tmp.resolve("out"), Files.createDirectories(tmp.resolve("landing")));
    try {
      StopOnSignal.drain(job).get(2, TimeUnit.MINUTES);
      job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
    } finally {
      if (!job.getJobStatus().get().isGloballyTerminalState()) {
        job.cancel().get();
      }
    }
  }

  /** Starts a hunt watching an empty folder, lands the real sample in it, waits for I's row. */
  private JobClient watchAndLandTheSample(Path out) throws Exception {
    Path landing = Files.createDirectories(tmp.resolve("landing"));
    JobClient job = watch(out, landing);
    boolean landed = false;
    try {
      Thread.sleep(1000); // the job is running and has seen an empty folder
      // Files land atomically: written elsewhere, then moved in (as a nightly export does).
      Path staged = tmp.resolve("export.json");
      Files.copy(Pipelines.REAL_SAMPLE, staged);
      Files.move(staged, landing.resolve("2020-09-22.json"));
      long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      // I's row (the C$ connect) needs no window: it is committed at the next checkpoint.
      while (parquetFiles(out.resolve("smb_remote_file_1")).isEmpty()) {
        assertThat(System.nanoTime()).as("detections of the new file").isLessThan(end);
        Thread.sleep(50);
      }
      landed = true;
      return job;
    } finally {
      if (!landed) {
        job.cancel().get();
      }
    }
  }

  /** Starts a hunt watching {@code landing}, writing to {@code out}. */
  private static JobClient watch(Path out, Path landing) throws Exception {
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    SmbHuntConfig config = new SmbHuntConfig();
    config.sourceIdleness = Duration.ofMillis(500);
    org.apache.flink.core.fs.Path output = new org.apache.flink.core.fs.Path(out.toUri());
    SmbHuntPipeline.build(
        env,
        ArchiveSources.fileSource(
            List.of(new org.apache.flink.core.fs.Path(landing.toUri())),
            config.maxLineBytes,
            Duration.ofMillis(200)),
        config,
        Profile.DEFAULT,
        new SmbHuntPipeline.Sinks(OutputSinks.detections(output), OutputSinks.quarantine(output)));
    return env.executeAsync("watch");
  }

  private static List<Path> parquetFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
    } catch (Exception e) {
      return List.of();
    }
  }
}
