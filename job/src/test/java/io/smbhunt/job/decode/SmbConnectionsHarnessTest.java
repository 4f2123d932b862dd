package io.smbhunt.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.pcap.PcapDecodeCounters;
import io.smbhunt.udf.pcap.PcapSegments;
import io.smbhunt.udf.pcap.TcpSegment;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The per-connection SMB decoding under a test harness, on the real Impacket psexec capture: the
 * same flows whether all of a connection's segments come at once (BATCH: one timer at the end) or
 * one by one behind a rising watermark (STREAMING), also when the connection falls silent for
 * longer than the idle timeout; and nothing is left in state or timers at the end.
 */
class SmbConnectionsHarnessTest {

  private static final Path CAPTURE = Path.of("../samples/samba-lab/impacket_psexec.pcap");
  private static final long IDLE_MILLIS = 15 * 60_000L;
  private static final long GAP_MICROS = 81 * 60_000_000L;

  @Test
  void batchAndStreamingAgreeOnTheRealCapture() throws Exception {
    List<TcpSegment> segments = segments();
    List<String> batch = flows(segments, false);
    assertThat(flows(segments, true)).isEqualTo(batch);
    assertThat(batch).anyMatch(f -> f.startsWith("smb.write \\\\172.18.39.9\\C$ blhxfrgn.exe "));
  }

  @Test
  void aSilenceLongerThanTheIdleTimeoutEndsTheConnectionInBothModes() throws Exception {
    List<TcpSegment> segments = segments();
    FlowRecord write =
        runBatch(segments).stream()
            .filter(f -> "smb.write".equals(f.protocol) && "blhxfrgn.exe".equals(f.fileName))
            .findFirst()
            .orElseThrow();
    // The psexec client falls silent after its CREATE, and writes the file 81 minutes later.
    for (TcpSegment s : segments) {
      if (s.connectionKey.equals(keyOf(segments, write)) && s.packetIndex >= write.line) {
        s.timestampMicros += GAP_MICROS;
      }
    }
    List<String> batch = flows(segments, false);
    assertThat(flows(segments, true)).isEqualTo(batch);
    // The write went to a connection whose tables (tree id → share, file id → name) were dropped.
    assertThat(batch).noneMatch(f -> f.startsWith("smb.write \\\\172.18.39.9\\C$ blhxfrgn.exe "));
  }

  private static String keyOf(List<TcpSegment> segments, FlowRecord flow) {
    return segments.stream()
        .filter(s -> s.packetIndex == flow.line)
        .findFirst()
        .orElseThrow()
        .connectionKey;
  }

  private static List<TcpSegment> segments() throws Exception {
    List<TcpSegment> segments = new ArrayList<>();
    try (InputStream in = Files.newInputStream(CAPTURE)) {
      PcapSegments.read(in, "impacket_psexec.pcap", new PcapDecodeCounters(), segments::add);
    }
    return segments;
  }

  private static List<String> flows(List<TcpSegment> segments, boolean streaming) throws Exception {
    List<FlowRecord> records = streaming ? runStreaming(segments) : runBatch(segments);
    return records.stream()
        .map(
            f ->
                String.join(
                    " ",
                    f.protocol,
                    String.valueOf(f.share),
                    String.valueOf(f.fileName != null ? f.fileName : f.pipeName),
                    String.valueOf(f.line),
                    String.valueOf(f.timestamp),
                    String.valueOf(f.user)))
        .sorted()
        .toList();
  }

  /** All segments, then the end of input: what a BATCH run does per key. */
  private static List<FlowRecord> runBatch(List<TcpSegment> segments) throws Exception {
    try (var harness = open()) {
      for (TcpSegment s : segments) {
        harness.processElement(s, s.timestampMicros / 1000);
      }
      harness.processWatermark(Long.MAX_VALUE);
      assertNothingLeft(harness);
      return harness.extractOutputValues();
    }
  }

  /**
   * Segments in capture order, the watermark following the newest (as other connections' traffic
   * moves it on through a silence), then the end of input.
   */
  private static List<FlowRecord> runStreaming(List<TcpSegment> segments) throws Exception {
    List<TcpSegment> ordered = new ArrayList<>(segments);
    ordered.sort(Comparator.comparingLong((TcpSegment s) -> s.timestampMicros));
    try (var harness = open()) {
      for (TcpSegment s : ordered) {
        long millis = s.timestampMicros / 1000;
        harness.processWatermark(millis - 1);
        harness.processElement(s, millis);
      }
      harness.processWatermark(Long.MAX_VALUE);
      assertNothingLeft(harness);
      return harness.extractOutputValues();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, TcpSegment, FlowRecord> open()
      throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new SmbConnections(IDLE_MILLIS)),
            (TcpSegment s) -> s.connectionKey,
            Types.STRING);
    harness.open();
    return harness;
  }

  private static void assertNothingLeft(
      KeyedOneInputStreamOperatorTestHarness<String, TcpSegment, FlowRecord> harness) {
    assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
    assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
  }
}
