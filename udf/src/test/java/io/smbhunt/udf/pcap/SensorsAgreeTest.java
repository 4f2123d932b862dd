package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.smbhunt.udf.flow.FlowDecodeResult;
import io.smbhunt.udf.flow.FlowFileDecoder;
import io.smbhunt.udf.flow.FlowFormat;
import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SmbProtocols;
import io.smbhunt.udf.flow.SuricataFlow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decoder against an independent one on the same packets: what Suricata (8.0.7, 7.0.10, and
 * 6.0.1 of Debian 11) logged for the captures recorded here (samples/README.md), read by the eve
 * decoder, and what this package decodes from each capture itself must name the same writes and the
 * same pipe calls. The lab capture's RPC goes over IOCTL transceives, Impacket's over WRITE and
 * READ.
 */
class SensorsAgreeTest {

  @ParameterizedTest(name = "{0}, Suricata {1}")
  @CsvSource({
    "samba_lateral, 8.0.7, 3",
    "samba_lateral, 7.0.10, 3",
    "samba_lateral, 6.0.1, 3",
    "impacket_psexec, 8.0.7, 1",
    "impacket_psexec, 7.0.10, 1",
    "impacket_psexec, 6.0.1, 1",
    "impacket_smb1, 8.0.7, 1",
    "impacket_smb1, 7.0.10, 1",
    "impacket_smb1, 6.0.1, 1",
    "smb1_legacy_signin, 8.0.7, 1",
    "smb1_legacy_signin, 7.0.10, 1",
    "smb1_legacy_signin, 6.0.1, 1"
  })
  void fileWritesAreTheSame(String capture, String suricata, int writes) throws IOException {
    assertThat(writes(fromCapture(capture)))
        .isEqualTo(writes(fromSuricata(capture, suricata)))
        .hasSize(writes);
  }

  /**
   * Per connection, the pipe calls in time order: the capture decoder names each by the pipe its
   * FileId was opened as, Suricata by the call's interface (here every interface is served on the
   * pipe of its name). Suricata stamps a call when its response arrives, the decoder when the
   * request is sent (up to 153 ms apart in the lab capture, where the server first answered
   * STATUS_PENDING). Suricata 6 names the interface only on the BIND (the decoder carries it to the
   * calls after it), and for Impacket's RPC over WRITE/READ often not even there: some of its bind
   * records say {@code "response": "RESPONSE"} and no interface (it takes a later answer for the
   * bind's), and the calls after such a bind stay unnamed.
   */
  @ParameterizedTest(name = "{0}, Suricata {1}")
  @CsvSource({
    "samba_lateral, 8.0.7, 4, 41, true",
    "samba_lateral, 7.0.10, 4, 41, true",
    "samba_lateral, 6.0.1, 4, 41, true",
    "impacket_psexec, 8.0.7, 4, 26, true",
    "impacket_psexec, 7.0.10, 4, 26, true",
    "impacket_psexec, 6.0.1, 4, 26, false",
    "impacket_smb1, 8.0.7, 4, 26, true",
    "impacket_smb1, 7.0.10, 4, 26, true",
    "impacket_smb1, 6.0.1, 4, 26, true"
  })
  void pipeCallsAreTheSameInTheSameOrder(
      String name, String suricataVersion, int connections, int calls, boolean named)
      throws IOException {
    Map<Integer, List<FlowRecord>> capture = pipeCallsPerConnection(fromCapture(name));
    Map<Integer, List<FlowRecord>> suricata =
        pipeCallsPerConnection(fromSuricata(name, suricataVersion));

    assertThat(suricata.keySet()).isEqualTo(capture.keySet()).hasSize(connections);
    for (Integer port : capture.keySet()) {
      List<FlowRecord> c = capture.get(port);
      List<FlowRecord> s = suricata.get(port);
      if (!named) {
        // Suricata 6 pairs Impacket's binds with later answers and names few of them: the same
        // number of calls, and no call named after another pipe (times shift, so not checked).
        assertThat(s).hasSameSizeAs(c);
        List<String> pipes = new ArrayList<>(c.stream().map(f -> f.pipeName).toList());
        for (FlowRecord f : s) {
          assertThat(f.rpcEndpoint == null || pipes.remove(f.rpcEndpoint))
              .as("%s named from port %d", f.rpcEndpoint, port)
              .isTrue();
        }
        continue;
      }
      assertThat(s.stream().map(f -> f.rpcEndpoint).toList())
          .as("connection from port %d", port)
          .isEqualTo(c.stream().map(f -> f.pipeName).toList());
      // RPC over a pipe is one call at a time: each answer comes after its request and before the
      // next request on that connection.
      for (int i = 0; i < c.size(); i++) {
        long next = i + 1 < c.size() ? c.get(i + 1).timestamp : Long.MAX_VALUE;
        assertThat(s.get(i).timestamp).isBetween(c.get(i).timestamp, next);
      }
    }
    assertThat(capture.values().stream().mapToInt(List::size).sum()).isEqualTo(calls);
  }

  private static List<FlowRecord> fromCapture(String name) throws IOException {
    Path file = Path.of("../samples/samba-lab/" + name + ".pcap");
    return Captures.decode(file, "cap", new PcapDecodeCounters());
  }

  private static List<FlowRecord> fromSuricata(String name, String version) throws IOException {
    FlowFileDecoder decoder = FlowFileDecoder.forFormat(FlowFormat.SURICATA_EVE, "eve.json");
    List<FlowRecord> out = new ArrayList<>();
    long line = 0;
    Path eve = Path.of("../samples/suricata/" + version + "/" + name + ".eve.json");
    for (String text : Files.readAllLines(eve, StandardCharsets.UTF_8)) {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      FlowDecodeResult r = decoder.decode(b, 0, b.length, "eve.json", ++line);
      assertThat(r.kind()).isNotEqualTo(FlowDecodeResult.Kind.QUARANTINED);
      if (r.kind() == FlowDecodeResult.Kind.FLOW) {
        out.add(r.flow());
      }
    }
    // Completed by their flows, as the job does; in the file's order.
    List<FlowRecord> resolved = new ArrayList<>(SuricataFlow.resolveAll(out, 15 * 60_000L));
    resolved.sort(Comparator.comparingLong(f -> f.line));
    return resolved;
  }

  private static List<Tuple> writes(List<FlowRecord> records) {
    return records.stream()
        .filter(f -> f.protocol.equals(SmbProtocols.WRITE))
        .sorted(Comparator.comparing((FlowRecord f) -> f.srcPort))
        .map(f -> tuple(f.srcIp, f.srcPort, f.dstIp, f.dstPort, f.share, f.fileName))
        .toList();
  }

  private static Map<Integer, List<FlowRecord>> pipeCallsPerConnection(List<FlowRecord> records) {
    return records.stream()
        .filter(f -> f.protocol.equals(SmbProtocols.WRITE_PIPE))
        .sorted(Comparator.comparingLong((FlowRecord f) -> f.timestamp))
        .collect(Collectors.groupingBy(f -> f.srcPort, TreeMap::new, Collectors.toList()));
  }
}
