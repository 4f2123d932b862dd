package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SmbProtocols;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An attack tool's own SMB client: Impacket 0.10's psexec, smbexec, atexec, reg and services
 * against Samba over SMB 2.1, recorded by {@code tools/samba_capture.sh ... impacket}
 * (samples/README.md). Impacket writes RPC requests to a pipe with WRITE and reads the answers with
 * READ, where Windows and Samba clients use one IOCTL transceive.
 */
class ImpacketCaptureTest {

  static final Path CAPTURE = Path.of("../samples/samba-lab/impacket_psexec.pcap");
  static final String SOURCE = "impacket_psexec.pcap";

  private static final PcapDecodeCounters counters = new PcapDecodeCounters();
  private static final List<FlowRecord> records = Captures.decode(CAPTURE, SOURCE, counters);

  @Test
  void decodesExactlyWhatTsharkDecodes() {
    List<FlowRecord> expected = TsharkOracle.expected(TsharkOracle.IMPACKET, SOURCE);

    assertThat(expected).hasSize(71);
    assertThat(records).containsExactlyElementsOf(expected);
  }

  @Test
  void psexecUploadsItsServiceBinaryToCDollar() {
    // tshark: the one WRITE to a disk share, frame 44, 56,320 bytes of a random-named .exe.
    assertThat(records)
        .filteredOn(f -> f.protocol.equals(SmbProtocols.WRITE))
        .extracting(f -> f.line, f -> f.share, f -> f.size, f -> f.fileName.endsWith(".exe"))
        .containsExactly(tuple(44L, "\\\\172.18.39.9\\C$", 56_320L, true));
  }

  @Test
  void rpcOverWriteAndReadIsOnePipeWritePerRequest() {
    // tshark: 26 WRITE requests on pipes (svcctl 16, winreg 8, srvsvc 2) and a READ for each.
    Map<String, Integer> writes = Captures.perPipe(records, SmbProtocols.WRITE_PIPE);
    assertThat(writes).isEqualTo(Map.of("srvsvc", 2, "svcctl", 16, "winreg", 8));
    assertThat(Captures.perPipe(records, SmbProtocols.READ_PIPE)).isEqualTo(writes);
    assertThat(records)
        .filteredOn(f -> f.protocol.startsWith("smb.write_pipe"))
        .allMatch(f -> f.action.equals("SMB2_WRITE"));
  }

  @Test
  void theRefusedAtsvcOpenIsCountedNotReported() {
    // Samba has no atsvc pipe: atexec's CREATE gets STATUS_OBJECT_NAME_NOT_FOUND (frame 134).
    assertThat(counters.get(PcapReasons.SMB2_ERROR_RESPONSE)).isEqualTo(1);
    assertThat(records).noneMatch(f -> "atsvc".equals(f.pipeName));
    assertThat(counters.get(PcapReasons.PACKETS)).isEqualTo(264);
    assertThat(counters.asMap()).doesNotContainKey(PcapReasons.SMB3_ENCRYPTED);
  }
}
