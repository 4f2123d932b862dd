package io.smbhunt.job.testing;

import io.smbhunt.job.SmbHuntPipeline;
import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.decode.QuarantineRecord;
import io.smbhunt.job.read.ArchiveSources;
import io.smbhunt.job.read.RecordFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.BatchExecutionOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the real {@link SmbHuntPipeline} on files, collecting its outputs in memory. */
public final class Pipelines {

  /** The bundled real Security-Datasets sample (see samples/README.md). */
  public static final Path REAL_SAMPLE =
      Path.of("../samples/security-datasets/covenant_copy_smb_CreateRequest_2020-09-22145302.json")
          .toAbsolutePath()
          .normalize();

  private Pipelines() {}

  /** The outputs of one run. */
  public record Run(
      List<Detection> detections, List<QuarantineRecord> quarantine, JobExecutionResult result) {
    public List<Detection> of(String analyticId) {
      return detections.stream().filter(d -> d.analyticId.equals(analyticId)).toList();
    }
  }

  public static Run run(
      List<Path> inputs,
      Profile profile,
      SmbHuntConfig config,
      RuntimeExecutionMode mode,
      int parallelism)
      throws Exception {
    return run(inputs, Map.of(), profile, config, mode, parallelism);
  }

  /** As above, with some inputs read as a named format ({@code --input FORMAT:PATH}). */
  public static Run run(
      List<Path> inputs,
      Map<Path, RecordFormat> formats,
      Profile profile,
      SmbHuntConfig config,
      RuntimeExecutionMode mode,
      int parallelism)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, mode);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED, false);
    if (mode == RuntimeExecutionMode.STREAMING) {
      conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, java.time.Duration.ofMillis(200));
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    CollectingSink<Detection> detections = new CollectingSink<>();
    CollectingSink<QuarantineRecord> quarantine = new CollectingSink<>();
    List<org.apache.flink.core.fs.Path> paths = inputs.stream().map(Pipelines::flinkPath).toList();
    SmbHuntPipeline.build(
        env,
        ArchiveSources.fileSource(
            paths,
            config.maxLineBytes,
            null,
            formats.entrySet().stream()
                .collect(Collectors.toMap(e -> flinkPath(e.getKey()), Map.Entry::getValue)),
            config.skipUnusedEventIds),
        // As the command line wires it: packet captures get their source only when there are some.
        ArchiveSources.anyCaptures(paths) ? ArchiveSources.captureSource(paths, null) : null,
        config,
        profile,
        new SmbHuntPipeline.Sinks(detections, quarantine));
    JobExecutionResult result = env.execute("test");
    return new Run(detections.results(), quarantine.results(), result);
  }

  public static Run run(List<Path> inputs, Profile profile) throws Exception {
    return run(inputs, profile, new SmbHuntConfig(), RuntimeExecutionMode.BATCH, 2);
  }

  private static org.apache.flink.core.fs.Path flinkPath(Path p) {
    return new org.apache.flink.core.fs.Path(p.toUri());
  }

  /** How the reader names a local file in evidence and quarantine rows. */
  public static String sourceOf(Path file) {
    return new org.apache.flink.core.fs.Path(file.toUri()).toString();
  }
}
