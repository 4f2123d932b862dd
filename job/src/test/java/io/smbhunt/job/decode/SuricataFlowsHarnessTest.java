package io.smbhunt.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.smbhunt.udf.flow.FlowDecodeResult;
import io.smbhunt.udf.flow.FlowFileDecoder;
import io.smbhunt.udf.flow.FlowFormat;
import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SuricataFlow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Suricata's records completed by their flows under a test harness, on what Suricata 8 logged of
 * the Samba lab capture: the same rows whether the log is read newest first and decided at the end
 * (BATCH), read in time order behind a rising watermark (STREAMING, which decides a flow in parts
 * when its log falls silent), or restored from a checkpoint half way; a flow silent for longer than
 * its memory starts anew in both modes; and nothing is left in state or timers at the end.
 */
class SuricataFlowsHarnessTest {

  private static final Path LAB = Path.of("../samples/suricata/8.0.7/samba_lateral.eve.json");
  private static final long IDLE_MILLIS = 15 * 60_000L;
  private static final long MEMORY_MILLIS = 24 * 3_600_000L;
  private static final String LAB_C = "\\\\172.18.39.9\\C$";

  @Test
  void newestFirstAtTheEndOrInTimeOrderBehindTheWatermarkGiveTheSameRows() throws Exception {
    List<FlowRecord> records = records();
    List<FlowRecord> newestFirst = new ArrayList<>(records);
    Collections.reverse(newestFirst);

    List<String> batch = rows(runBatch(newestFirst));
    assertThat(rows(runStreaming(records))).isEqualTo(batch);
    assertThat(runBatch(newestFirst))
        .filteredOn(f -> "smb.write".equals(f.protocol))
        .extracting(f -> f.fileName, f -> f.share, f -> f.user)
        .containsExactlyInAnyOrder(
            tuple("ProgramData\\GruntHTTP.exe", LAB_C, "pgustavo"),
            tuple("payload.dll", LAB_C, "pgustavo"),
            tuple("legacy.bat", LAB_C, "pgustavo"));
    // 116 smb events: the 3 fileinfo events repeat writes.
    assertThat(batch).hasSize(116);
  }

  @Test
  void aCheckpointHalfWayKeepsWhatTheFlowsHadSeen() throws Exception {
    List<FlowRecord> records = records();
    List<String> whole = rows(runBatch(records));
    int half = records.size() / 2;
    OperatorSubtaskState snapshot;
    try (var harness = open()) {
      for (FlowRecord f : records.subList(0, half)) {
        harness.processElement(f, f.timestamp);
      }
      snapshot = harness.snapshot(1L, 1L);
    }
    try (var restored = open(snapshot)) {
      for (FlowRecord f : records.subList(half, records.size())) {
        restored.processElement(f, f.timestamp);
      }
      restored.processWatermark(Long.MAX_VALUE);
      assertNothingLeft(restored);
      assertThat(rows(restored.extractOutputValues())).isEqualTo(whole);
    }
  }

  /**
   * A copy that keeps the log silent for 81 minutes: STREAMING decides the flow's first records
   * when it has been quiet for the idle time, and the write, when it comes, still learns its share
   * and user from what the flow remembers.
   */
  @Test
  void aSilenceLongerThanTheIdleTimeKeepsWhatTheFlowTaughtInBothModes() throws Exception {
    List<FlowRecord> records = silentBeforeThePayloadCreate(81 * 60_000L);
    List<String> batch = rows(runBatch(records));
    assertThat(rows(runStreaming(records))).isEqualTo(batch);
    assertThat(runBatch(records))
        .filteredOn(f -> "payload.dll".equals(f.fileName) && "smb.write".equals(f.protocol))
        .extracting(f -> f.share, f -> f.user)
        .containsExactly(tuple(LAB_C, "pgustavo"));
  }

  @Test
  void aSilenceLongerThanTheFlowsMemoryStartsItAnewInBothModes() throws Exception {
    List<FlowRecord> records = silentBeforeThePayloadCreate(MEMORY_MILLIS + 60_000L);
    List<String> batch = rows(runBatch(records));
    assertThat(rows(runStreaming(records))).isEqualTo(batch);
    // Over the silence the flow forgot its tree connect and its sign-in.
    assertThat(runBatch(records))
        .filteredOn(f -> "payload.dll".equals(f.fileName) && "smb.write".equals(f.protocol))
        .extracting(f -> f.share, f -> f.user)
        .containsExactly(tuple(null, null));
  }

  /** The lab log with the client of payload.dll silent for {@code millis} after its connect. */
  private static List<FlowRecord> silentBeforeThePayloadCreate(long millis) throws Exception {
    List<FlowRecord> records = records();
    FlowRecord create =
        records.stream()
            .filter(f -> "payload.dll".equals(f.suricata.name))
            .findFirst()
            .orElseThrow();
    String flow = SuricataFlow.key(create);
    long silentFrom = create.timestamp;
    for (FlowRecord f : records) {
      if (SuricataFlow.key(f).equals(flow) && f.timestamp >= silentFrom) {
        f.timestamp += millis;
      }
    }
    return records;
  }

  private static List<FlowRecord> records() throws Exception {
    FlowFileDecoder decoder = FlowFileDecoder.forFormat(FlowFormat.SURICATA_EVE, "eve.json");
    List<FlowRecord> out = new ArrayList<>();
    long line = 0;
    for (String text : Files.readAllLines(LAB, StandardCharsets.UTF_8)) {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      FlowDecodeResult r = decoder.decode(b, 0, b.length, "eve.json", ++line);
      if (r.kind() == FlowDecodeResult.Kind.FLOW) {
        out.add(r.flow());
      }
    }
    return out;
  }

  private static List<String> rows(List<FlowRecord> records) {
    return records.stream().map(FlowRecord::toString).sorted().toList();
  }

  /** All records, then the end of input: what a BATCH run does per key. */
  private static List<FlowRecord> runBatch(List<FlowRecord> records) throws Exception {
    try (var harness = open()) {
      for (FlowRecord f : records) {
        harness.processElement(f, f.timestamp);
      }
      harness.processWatermark(Long.MAX_VALUE);
      assertNothingLeft(harness);
      return harness.extractOutputValues();
    }
  }

  /** Records in time order, the watermark following the newest, then the end of input. */
  private static List<FlowRecord> runStreaming(List<FlowRecord> records) throws Exception {
    List<FlowRecord> ordered = new ArrayList<>(records);
    ordered.sort(Comparator.comparingLong(f -> f.timestamp));
    try (var harness = open()) {
      for (FlowRecord f : ordered) {
        harness.processWatermark(f.timestamp - 1);
        harness.processElement(f, f.timestamp);
      }
      harness.processWatermark(Long.MAX_VALUE);
      assertNothingLeft(harness);
      return harness.extractOutputValues();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, FlowRecord, FlowRecord> open()
      throws Exception {
    return open(null);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, FlowRecord, FlowRecord> open(
      OperatorSubtaskState restoreFrom) throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new SuricataFlows(IDLE_MILLIS, MEMORY_MILLIS)),
            SuricataFlow::key,
            Types.STRING);
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }

  private static void assertNothingLeft(
      KeyedOneInputStreamOperatorTestHarness<String, FlowRecord, FlowRecord> harness) {
    assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
    assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
  }
}
