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
 * Impacket 0.10's psexec, smbexec, atexec, reg and services against a server held to SMB1 (NT LM
 * 0.12), as against the Windows XP and 2003 hosts of older archives; recorded by {@code
 * tools/samba_capture.sh ... impacket-smb1} (samples/README.md). The upload is NT_CREATE_ANDX and
 * WRITE_ANDX, the RPC goes over the pipes with WRITE_ANDX and READ_ANDX, and Impacket sends every
 * request with MID 0.
 */
class ImpacketSmb1CaptureTest {

  static final Path CAPTURE = Path.of("../samples/samba-lab/impacket_smb1.pcap");
  static final String SOURCE = "impacket_smb1.pcap";

  private static final PcapDecodeCounters counters = new PcapDecodeCounters();
  private static final List<FlowRecord> records = Captures.decode(CAPTURE, SOURCE, counters);

  @Test
  void decodesExactlyWhatTsharkDecodes() {
    List<FlowRecord> expected = TsharkSmb1Oracle.expected(TsharkSmb1Oracle.IMPACKET, SOURCE);

    assertThat(expected).hasSize(74);
    assertThat(records).containsExactlyElementsOf(expected);
  }

  @Test
  void psexecUploadsItsServiceBinaryToCDollar() {
    // tshark: the one WRITE_ANDX to a disk share, frame 43, 56,320 bytes of a random-named .exe.
    assertThat(records)
        .filteredOn(f -> f.protocol.equals(SmbProtocols.WRITE))
        .extracting(f -> f.line, f -> f.share, f -> f.size, f -> f.fileName, f -> f.user)
        .containsExactly(tuple(43L, "\\\\172.18.39.9\\C$", 56_320L, "bGHFEUYQ.exe", "pgustavo"));
  }

  @Test
  void rpcOverWriteAndReadIsOnePipeWritePerRequest() {
    // The same calls as over SMB 2.1 (ImpacketCaptureTest): svcctl 16, winreg 8, srvsvc 2.
    Map<String, Integer> writes = Captures.perPipe(records, SmbProtocols.WRITE_PIPE);
    assertThat(writes).isEqualTo(Map.of("srvsvc", 2, "svcctl", 16, "winreg", 8));
    assertThat(Captures.perPipe(records, SmbProtocols.READ_PIPE)).isEqualTo(writes);
  }

  @Test
  void whatIsNotReportedIsCounted() {
    assertThat(counters.get(PcapReasons.PACKETS)).isEqualTo(258);
    assertThat(counters.get(PcapReasons.FLOWS)).isEqualTo(records.size());
    // atexec's open of \atsvc, which Samba does not serve (STATUS_OBJECT_NAME_NOT_FOUND).
    assertThat(counters.get(PcapReasons.SMB2_ERROR_RESPONSE)).isEqualTo(1);
    assertThat(records).noneMatch(f -> "atsvc".equals(f.pipeName));
    // psexec's clean-up, not decoded: TRANS2 FIND_FIRST2 for its binary and the DELETE of it,
    // request and response each (tshark: frames 74, 75, 80, 81).
    assertThat(counters.get(PcapReasons.SMB1_NOT_DECODED)).isEqualTo(4);
  }
}
