package io.smbhunt.job.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.decode.QuarantineRecord;
import io.smbhunt.job.testing.TestClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.BatchExecutionOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs both sinks on a MiniCluster and reads the committed output back with DuckDB. */
class OutputSinksTest {

  private static final int PARALLELISM = 2;

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.withSlots(PARALLELISM);

  @TempDir Path out;

  @Test
  void batchModeCommitsEveryRowIntoEventDatePartitions() throws Exception {
    runJob(RuntimeExecutionMode.BATCH);
    assertOutput();
  }

  @Test
  void streamingModeCommitsOnTheFinalCheckpointOfABoundedInput() throws Exception {
    runJob(RuntimeExecutionMode.STREAMING);
    assertOutput();
  }

  private void runJob(RuntimeExecutionMode mode) throws Exception {
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, mode);
    conf.set(BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED, false);
    // Detection holds arrays of POJOs: they must go through Flink's own serializers, not Kryo.
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(PARALLELISM);
    if (mode == RuntimeExecutionMode.STREAMING) {
      env.enableCheckpointing(500);
    }
    org.apache.flink.core.fs.Path target = new org.apache.flink.core.fs.Path(out.toUri());

    env.fromData(Fixtures.manyDetections(), TypeInformation.of(Detection.class))
        .sinkTo(OutputSinks.detections(target))
        .name("detections");
    env.fromData(Fixtures.quarantine(), TypeInformation.of(QuarantineRecord.class))
        .sinkTo(OutputSinks.quarantine(target))
        .name("quarantine");
    env.execute("output-sinks-" + mode);
  }

  private void assertOutput() throws Exception {
    List<String> files = relativeFiles();
    assertThat(files)
        .isNotEmpty()
        .allSatisfy(
            file ->
                assertThat(file)
                    .matches(
                        "[a-z_]+/date=\\d{4}-\\d{2}-\\d{2}/part-[^/]+\\.parquet"
                            + "|_quarantine/part-[^/]+\\.parquet"));
    assertThat(
            files.stream()
                .filter(f -> !f.startsWith("_quarantine/"))
                .map(f -> f.substring(0, f.lastIndexOf('/')))
                .collect(Collectors.toSet()))
        .isEqualTo(expectedPartitions());

    try (DuckDb duckDb = new DuckDb()) {
      String detections = DuckDb.readParquet(out + "/*/*/*.parquet", "hive_partitioning = true");
      assertThat(duckDb.detections(detections))
          .containsExactlyInAnyOrderElementsOf(Fixtures.manyDetections());
      // The partition column must agree with the row it labels.
      assertThat(
              duckDb.column(
                  "SELECT count(*) FROM "
                      + detections
                      + " WHERE date IS DISTINCT FROM CAST(event_time AT TIME ZONE 'UTC' AS DATE)"))
          .containsExactly(0L);
      assertThat(duckDb.describe(detections)).containsEntry("date", "DATE");

      String quarantine = DuckDb.readParquet(out + "/_quarantine/*.parquet", "");
      assertThat(duckDb.quarantine(quarantine))
          .containsExactlyInAnyOrderElementsOf(Fixtures.quarantine());
    }
  }

  /** Every file below the output folder, hidden ones included (in-progress files are hidden). */
  private List<String> relativeFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(out)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> out.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  /** Computed independently of the bucket assigner under test. */
  private static Set<String> expectedPartitions() {
    return Fixtures.manyDetections().stream()
        .map(
            d ->
                d.analyticId
                    + "/date="
                    + Instant.ofEpochMilli(d.eventTime).atOffset(ZoneOffset.UTC).toLocalDate())
        .collect(Collectors.toSet());
  }
}
