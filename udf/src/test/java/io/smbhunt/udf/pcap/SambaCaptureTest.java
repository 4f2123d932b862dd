package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SmbProtocols;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A capture of other SMB implementations than the Security-Datasets one: Samba's clients against
 * Samba's server, recorded by {@code tools/samba_capture.sh} (samples/README.md). SMB 3.1.1 file
 * copies (one WRITE longer than the part of a message the decoder keeps), DCE/RPC over
 * FSCTL_PIPE_TRANSCEIVE to five pipes (one bind answered with an interim STATUS_PENDING), an SMB1
 * session with NT_CREATE_ANDX/WRITE_ANDX and one with TransactNmPipe, and an encrypted session.
 */
class SambaCaptureTest {

  static final Path CAPTURE = Path.of("../samples/samba-lab/samba_lateral.pcap");
  static final String SOURCE = "samba_lateral.pcap";

  private static final String IPC = "\\\\172.18.39.9\\IPC$";
  private static final String C = "\\\\172.18.39.9\\C$";
  private static final String USER = "pgustavo";

  private static final PcapDecodeCounters counters = new PcapDecodeCounters();
  private static final List<FlowRecord> records = Captures.decode(CAPTURE, SOURCE, counters);

  @Test
  void smb2DecodesExactlyWhatTsharkDecodes() {
    List<FlowRecord> expected = TsharkOracle.expected(TsharkOracle.SAMBA, SOURCE);

    assertThat(expected).hasSize(59);
    assertThat(records)
        .filteredOn(f -> f.action.startsWith("SMB2_"))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void pipeRpcGivesOnePipeWritePerTransceive() {
    // tshark: 39 IOCTL requests with function 0x0011c017, by the pipe their FileId was opened as.
    Map<String, Integer> perPipe = new TreeMap<>();
    records.stream()
        .filter(f -> f.protocol.equals(SmbProtocols.WRITE_PIPE) && f.action.equals("SMB2_IOCTL"))
        .forEach(f -> perPipe.merge(f.pipeName, 1, Integer::sum));

    assertThat(perPipe)
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of("lsarpc", 12, "samr", 8, "srvsvc", 4, "svcctl", 5, "winreg", 10)))
        .satisfies(m -> assertThat(m.values().stream().mapToInt(i -> i).sum()).isEqualTo(39));
  }

  @Test
  void fileWritesOfEveryDialectNameTheirFileAndShare() {
    assertThat(records)
        .filteredOn(f -> f.protocol.equals(SmbProtocols.WRITE))
        .extracting(f -> f.line, f -> f.fileName, f -> f.share, f -> f.size, f -> f.action)
        .containsExactly(
            tuple(26L, "ProgramData\\GruntHTTP.exe", C, 11_776L, "SMB2_WRITE"),
            tuple(60L, "payload.dll", C, 80_000L, "SMB2_WRITE"),
            tuple(276L, "legacy.bat", C, 3_000L, "SMB1_WRITE_ANDX"));
  }

  @Test
  void smb1RecordsAreTheFramesTsharkShows() {
    // tshark -Y smb (frames 258-307): tree connects answered in 267, 273, 297; NT_CREATE_ANDX
    // answered in 275 (\legacy.bat) and 299 (\srvsvc); WRITE_ANDX of 3,000 bytes in 276;
    // TransactNmPipe requests in 300 (bind) and 302 (NetShareEnumAll). The user is the NTLM
    // sign-in of each session (SESSION_SETUP_ANDX requests 264 and 294: WORKGROUP\pgustavo).
    assertThat(records)
        .filteredOn(f -> f.action.startsWith("SMB1_"))
        .extracting(
            f -> f.line,
            f -> f.protocol,
            f -> f.share,
            f -> f.fileName,
            f -> f.pipeName,
            f -> f.user)
        .containsExactly(
            tuple(267L, SmbProtocols.TREE_CONNECT, IPC, null, null, USER),
            tuple(273L, SmbProtocols.TREE_CONNECT, C, null, null, USER),
            tuple(275L, SmbProtocols.CREATE, C, "legacy.bat", null, USER),
            tuple(276L, SmbProtocols.WRITE, C, "legacy.bat", null, USER),
            tuple(297L, SmbProtocols.TREE_CONNECT, IPC, null, null, USER),
            tuple(299L, SmbProtocols.CREATE_PIPE, IPC, null, "srvsvc", USER),
            tuple(300L, SmbProtocols.WRITE_PIPE, IPC, null, "srvsvc", USER),
            tuple(302L, SmbProtocols.WRITE_PIPE, IPC, null, "srvsvc", USER));
    assertThat(records)
        .filteredOn(f -> f.action.startsWith("SMB1_"))
        .containsExactlyElementsOf(TsharkSmb1Oracle.expected(TsharkSmb1Oracle.SAMBA, SOURCE));
  }

  @Test
  void whatCannotBeDecodedIsCountedNotLost() {
    assertThat(counters.get(PcapReasons.PACKETS)).isEqualTo(340);
    assertThat(counters.get(PcapReasons.FLOWS)).isEqualTo(records.size()).isEqualTo(67);
    // The sealed session: 16 transform-header messages (tshark: 16 "Encrypted SMB3" frames).
    assertThat(counters.get(PcapReasons.SMB3_ENCRYPTED)).isEqualTo(16);
    // The 80,000-byte WRITE runs past the 64 KiB kept of a message; its header still decodes.
    assertThat(counters.get(PcapReasons.SMB_MESSAGE_TRUNCATED)).isEqualTo(1);
    // The one SMB1 command not decoded, TRANS2 GET_DFS_REFERRAL: request and response (268, 269).
    assertThat(counters.get(PcapReasons.SMB1_NOT_DECODED)).isEqualTo(2);
  }
}
