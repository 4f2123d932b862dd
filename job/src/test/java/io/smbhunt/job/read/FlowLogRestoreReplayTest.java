package io.smbhunt.job.read;

import static io.smbhunt.job.read.ReadFixtures.drain;
import static io.smbhunt.job.read.ReadFixtures.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.smbhunt.job.decode.DecodeRecords;
import io.smbhunt.udf.event.HostEvent;
import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SuricataFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Zeek's decoders learn from earlier lines (which file actions are logged a second time): restored
 * mid-file, the reader hands the lines before the restore point again, marked as replays, and the
 * decoder gives the very flow records of an uninterrupted read (SPEC §3). Suricata's decoder learns
 * nothing from other lines (its records' flows complete them, in keyed state that a checkpoint
 * keeps: {@code SuricataFlowsHarnessTest}); restored, it gives the same records too.
 */
class FlowLogRestoreReplayTest {

  private static final Path SAMBA_LAB = Path.of("../samples/suricata/8.0.7/samba_lateral.eve.json");

  /** Zeek (with BZAR) logs its one atsvc write twice, the second time with the fuid. */
  private static final Path AT_SCHEDULE =
      Path.of("../udf/src/test/resources/flow/zeek/zeek-docs-401trg/at_schedule/smb_files.log");

  private static final ArchiveLineFormat FORMAT = new ArchiveLineFormat(1024 * 1024);

  @TempDir Path tmp;

  @Test
  void replaysLeaveThePositionAndAreFollowedByTheRecordsNotYetEmitted() throws Exception {
    Path eve = Files.copy(SAMBA_LAB, tmp.resolve("eve.json"));
    List<RawLine> whole = drain(FORMAT.createReader(new Configuration(), split(eve)));
    int k = whole.size() / 2;

    List<RecordAndPosition<RawLine>> restored = new ArrayList<>();
    BulkFormat.RecordIterator<RawLine> batch;
    try (BulkFormat.Reader<RawLine> reader =
        FORMAT.restoreReader(new Configuration(), at(eve, k))) {
      while ((batch = reader.readBatch()) != null) {
        RecordAndPosition<RawLine> r;
        while ((r = batch.next()) != null) {
          restored.add(
              new RecordAndPosition<>(r.getRecord(), r.getOffset(), r.getRecordSkipCount()));
        }
      }
    }
    assertThat(restored).hasSize(whole.size());
    for (int i = 0; i < whole.size(); i++) {
      RecordAndPosition<RawLine> r = restored.get(i);
      assertThat(r.getRecord().line).isEqualTo(whole.get(i).line);
      assertThat(r.getRecord().replay).as("record %d", i).isEqualTo(i < k);
      assertThat(r.getRecordSkipCount()).isEqualTo(i < k ? k : i + 1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"eve.json", "smb_files.log"})
  void fromRestorePointsAllOverTheFileTheDecoderGivesTheFlowsOfAWholeRead(String name)
      throws Exception {
    Path log = Files.copy(name.equals("eve.json") ? SAMBA_LAB : AT_SCHEDULE, tmp.resolve(name));
    List<RawLine> whole = drain(FORMAT.createReader(new Configuration(), split(log)));
    List<FlowRecord> expected = decode(whole);
    assertThat(expected).isNotEmpty();

    // About 40 restore points over the file: each one decodes the file twice.
    for (int k = 1; k < whole.size(); k += Math.max(1, whole.size() / 40)) {
      long lastEmitted = whole.get(k - 1).line;
      List<RawLine> restored = drain(FORMAT.restoreReader(new Configuration(), at(log, k)));
      assertThat(decode(restored))
          .as("restored after record %d", k)
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactlyElementsOf(expected.stream().filter(f -> f.line > lastEmitted).toList());
    }
  }

  @Test
  void theSuricataLogsWritesTakeTheirShareFromTheirTreeConnect() throws Exception {
    Path eve = Files.copy(SAMBA_LAB, tmp.resolve("eve.json"));
    List<FlowRecord> flows =
        SuricataFlow.resolveAll(
            decode(drain(FORMAT.createReader(new Configuration(), split(eve)))), 15 * 60_000L);
    assertThat(flows).anyMatch(f -> "smb.write".equals(f.protocol) && f.share != null);
  }

  @Test
  void zeeksSecondLoggingOfTheAtsvcWriteIsNoSecondWrite() throws Exception {
    Path log = Files.copy(AT_SCHEDULE, tmp.resolve("smb_files.log"));
    assertThat(decode(drain(FORMAT.createReader(new Configuration(), split(log)))))
        .extracting(f -> f.protocol, f -> f.line)
        .containsExactly(tuple("smb.create_pipe", 1L), tuple("smb.write_pipe", 2L));
  }

  private static FileSourceSplit at(Path file, long emitted) throws Exception {
    return split(file)
        .updateWithCheckpointedPosition(
            new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, emitted));
  }

  /**
   * The flow records the decoding task makes of these records, in order (Suricata's as they leave
   * it, still to be completed by their flows).
   */
  private static List<FlowRecord> decode(List<RawLine> records) throws Exception {
    try (OneInputStreamOperatorTestHarness<RawLine, HostEvent> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(new DecodeRecords(256))) {
      for (RawLine r : records) {
        harness.processElement(r, 0);
      }
      List<FlowRecord> flows = new ArrayList<>();
      for (var tag : List.of(DecodeRecords.FLOWS, DecodeRecords.SURICATA_FLOWS)) {
        var side = harness.getSideOutput(tag);
        if (side != null) {
          for (StreamRecord<FlowRecord> r : side) {
            flows.add(r.getValue());
          }
        }
      }
      return flows;
    }
  }
}
