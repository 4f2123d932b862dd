package io.smbhunt.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.SmbHuntPipeline;
import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.decode.QuarantineRecord;
import io.smbhunt.job.decode.RunCounters;
import io.smbhunt.job.read.ArchiveSources;
import io.smbhunt.job.testing.Archives;
import io.smbhunt.job.testing.CollectingSink;
import io.smbhunt.job.testing.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.BatchExecutionOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMB2 from the real packet capture of the Covenant copy, through the job: the one WRITE (11,776
 * bytes of ProgramData\GruntHTTP.exe to \\WORKSTATION6\C$ from 172.18.39.5:62782, frame 125 as
 * tshark numbers it) becomes a CAR-2013-05-003 row, also when the capture is split into rotated
 * files read in any order, in BATCH and STREAMING mode.
 */
class PacketCaptureTest {

  @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.withSlots(2);

  static final Path CAPTURE =
      Path.of("../samples/security-datasets/covenant_copy_smb_CreateRequest_2020-09-22145302.cap")
          .toAbsolutePath()
          .normalize();

  @TempDir Path tmp;

  @Test
  void theCapturedWriteIsACarSmbWrite() throws Exception {
    Result r = run(List.of(CAPTURE), RuntimeExecutionMode.BATCH);
    assertThat(r.detections).hasSize(1);
    Detection write = r.detections.get(0);
    assertThat(write.analyticId).isEqualTo("car_2013_05_003");
    assertThat(write.target).isEqualTo("ProgramData\\GruntHTTP.exe");
    assertThat(write.share).isEqualTo("\\\\WORKSTATION6\\C$");
    assertThat(write.srcIp).isEqualTo("172.18.39.5");
    assertThat(write.srcPort).isEqualTo(62782);
    assertThat(write.dstIp).isEqualTo("172.18.39.6");
    assertThat(write.dstPort).isEqualTo(445);
    assertThat(write.evidence[0].line).isEqualTo(125L);
    assertThat(Instant.ofEpochMilli(write.eventTime).toString()).startsWith("2020-09-22T18:53:");
    assertThat(r.counters.get(RunCounters.PCAP_PREFIX + "packets")).isEqualTo(177L);
    assertThat(r.quarantine).isEmpty();
  }

  /**
   * Security-Datasets ships a dataset's capture as {@code dataset.zip} holding {@code dataset.cap};
   * a capture archive may also be named as one ({@code x.cap.zip}) or be a tar. Each gives the same
   * row, its evidence naming the entry, and nothing is read as log lines.
   */
  @Test
  void aCaptureInsideAZipOrTarGivesTheSameRow() throws Exception {
    byte[] capture = Files.readAllBytes(CAPTURE);
    String entry = CAPTURE.getFileName().toString();
    Path shipped = Archives.zip(tmp.resolve("covenant_copy_smb_CreateRequest.zip"), entry, capture);
    Path named = Archives.zip(tmp.resolve("covenant.cap.zip"), entry, capture);
    Path tarGz = Archives.tarGz(tmp.resolve("covenant.tar.gz"), entry, capture);
    String whole = key(run(List.of(CAPTURE), RuntimeExecutionMode.BATCH).detections);
    for (Path archive : List.of(shipped, named, tarGz)) {
      Result r = run(List.of(archive), RuntimeExecutionMode.BATCH);
      assertThat(key(r.detections)).as(archive.getFileName().toString()).isEqualTo(whole);
      assertThat(r.detections.get(0).evidence[0].source)
          .isEqualTo(new org.apache.flink.core.fs.Path(archive.toUri()) + "!/" + entry);
      assertThat(r.counters.get(RunCounters.PCAP_PREFIX + "packets")).isEqualTo(177L);
      assertThat(r.quarantine).isEmpty();
    }
  }

  @Test
  void aCaptureSplitIntoRotatedFilesGivesTheSameRows() throws Exception {
    List<Path> parts = Archives.rotatedCapture(CAPTURE, tmp.resolve("rotated"), 40);
    assertThat(parts).hasSizeGreaterThan(3);
    List<Path> shuffled = new ArrayList<>(parts);
    java.util.Collections.reverse(shuffled);
    String whole = key(run(List.of(CAPTURE), RuntimeExecutionMode.BATCH).detections);
    assertThat(key(run(shuffled, RuntimeExecutionMode.BATCH).detections)).isEqualTo(whole);
    assertThat(key(run(List.of(tmp.resolve("rotated")), RuntimeExecutionMode.STREAMING).detections))
        .isEqualTo(whole);
  }

  /**
   * Two sensors that captured the same traffic: their copies of a connection meet in one keyed
   * function, where the second copy of each segment is a retransmission. One row, not two.
   */
  @Test
  void theSameRequestSeenByTwoSensorsIsReportedOnce() throws Exception {
    Path sensors = Files.createDirectories(tmp.resolve("sensors"));
    Files.copy(CAPTURE, sensors.resolve("sensor-a.pcap"));
    Files.copy(CAPTURE, sensors.resolve("sensor-b.pcap"));
    Result r = run(List.of(sensors), RuntimeExecutionMode.BATCH);
    assertThat(r.detections).hasSize(1);
    assertThat(r.counters.get(RunCounters.PCAP_PREFIX + "packets")).isEqualTo(2 * 177L);
  }

  /** The rows without their evidence (file and packet number change when a capture is split). */
  private static String key(List<Detection> rows) {
    return rows.stream()
        .map(
            d ->
                d.analyticId + " " + d.eventTime + " " + d.srcIp + ":" + d.srcPort + " " + d.target)
        .sorted()
        .toList()
        .toString();
  }

  private record Result(
      List<Detection> detections,
      List<QuarantineRecord> quarantine,
      Map<String, Object> counters) {}

  private Result run(List<Path> inputs, RuntimeExecutionMode mode) throws Exception {
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, mode);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED, false);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, java.time.Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    SmbHuntConfig config = new SmbHuntConfig(); // defaults: rotated files in any order, both modes
    List<org.apache.flink.core.fs.Path> paths =
        inputs.stream().map(p -> new org.apache.flink.core.fs.Path(p.toUri())).toList();
    CollectingSink<Detection> detections = new CollectingSink<>();
    CollectingSink<QuarantineRecord> quarantine = new CollectingSink<>();
    SmbHuntPipeline.build(
        env,
        ArchiveSources.fileSource(paths, config.maxLineBytes),
        ArchiveSources.captureSource(paths, null),
        config,
        Profile.DEFAULT,
        new SmbHuntPipeline.Sinks(detections, quarantine));
    JobExecutionResult result = env.execute("pcap");
    return new Result(
        detections.results(), quarantine.results(), result.getAllAccumulatorResults());
  }
}
