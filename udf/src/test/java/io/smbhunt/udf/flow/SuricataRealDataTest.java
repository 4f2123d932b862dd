package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowTestFiles.count;
import static io.smbhunt.udf.flow.FlowTestFiles.flows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.smbhunt.udf.flow.FlowDecodeResult.Kind;
import io.smbhunt.udf.flow.FlowTestFiles.Decoded;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Suricata itself wrote for two of the bundled captures (samples/README.md), as 8.0.7, as
 * 7.0.10 and as Debian 11's 6.0.1: the Security-Datasets Covenant copy and the Samba lab capture.
 * Two things its output does that the documented schema does not say, both seen here: SMB2
 * READ/WRITE records carry {@code "share": ""}, and SMB1 share paths have one leading backslash.
 */
class SuricataRealDataTest {

  static final Path SURICATA = Path.of("../samples/suricata");

  private static final String LAB_C = "\\\\172.18.39.9\\C$";
  private static final String LAB_IPC = "\\\\172.18.39.9\\IPC$";

  @ParameterizedTest
  @ValueSource(strings = {"8.0.7", "7.0.10", "6.0.1"})
  void covenantCopyGivesItsTreeConnectsAndCreates(String version) throws IOException {
    List<Decoded> decoded =
        FlowTestFiles.decode(
            SURICATA.resolve(version).resolve("covenant_copy_smb_CreateRequest.eve.json"));

    // 20 smb events; 5 flow, 2 dns, 1 krb5 and 1 stats event are not relevant.
    assertThat(decoded).hasSize(29);
    assertThat(count(decoded, Kind.QUARANTINED)).isZero();
    assertThat(count(decoded, Kind.NOT_RELEVANT)).isEqualTo(9);
    // Suricata drops the frames with IPv4 total length 0 (send offload), the WRITE's among them:
    // of the attack it shows the tree connects and the CREATE of GruntHTTP.exe on C$, with the
    // share of its tree.
    assertThat(flows(decoded))
        .filteredOn(
            f ->
                f.protocol.equals(SmbProtocols.TREE_CONNECT) || f.protocol.startsWith("smb.create"))
        .extracting(f -> f.srcPort, f -> f.protocol, f -> f.share, f -> f.fileName)
        .containsExactly(
            tuple(62774, SmbProtocols.TREE_CONNECT, "\\\\MORDORDC.theshire.local\\IPC$", null),
            tuple(62782, SmbProtocols.TREE_CONNECT, "\\\\WORKSTATION6\\IPC$", null),
            tuple(62782, SmbProtocols.TREE_CONNECT, "\\\\WORKSTATION6\\C$", null),
            tuple(62782, SmbProtocols.CREATE, "\\\\WORKSTATION6\\C$", "ProgramData"),
            tuple(
                62782, SmbProtocols.CREATE, "\\\\WORKSTATION6\\C$", "ProgramData\\GruntHTTP.exe"));
    assertThat(flows(decoded)).noneMatch(f -> f.protocol.startsWith("smb.write"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.0.7", "7.0.10", "6.0.1"})
  void sambaLabWritesHaveTheirTreesShare(String version) throws IOException {
    List<Decoded> decoded =
        FlowTestFiles.decode(SURICATA.resolve(version).resolve("samba_lateral.eve.json"));

    // 116 smb events and 3 fileinfo events (which repeat a WRITE's smb section: their flow drops
    // them); 8 flow events and 1 stats event are not relevant.
    assertThat(decoded).hasSize(128);
    assertThat(count(decoded, Kind.QUARANTINED)).isZero();
    assertThat(count(decoded, Kind.NOT_RELEVANT)).isEqualTo(9);
    assertThat(flows(decoded)).hasSize(116);
    assertThat(flows(decoded))
        .filteredOn(f -> f.protocol.equals(SmbProtocols.WRITE))
        .extracting(f -> f.srcPort, f -> f.fileName, f -> f.share, f -> f.action, f -> f.user)
        .containsExactlyInAnyOrder(
            tuple(43660, "ProgramData\\GruntHTTP.exe", LAB_C, "SMB2_COMMAND_WRITE", "pgustavo"),
            tuple(43666, "payload.dll", LAB_C, "SMB2_COMMAND_WRITE", "pgustavo"),
            // Suricata logs SMB1 WRITE_ANDX with session_id 0: the flow's sign-in names the user.
            tuple(43706, "legacy.bat", LAB_C, "SMB1_COMMAND_WRITE_ANDX", "pgustavo"));
    // Every tree connect of either dialect names its share with two leading backslashes.
    assertThat(flows(decoded))
        .filteredOn(f -> f.protocol.equals(SmbProtocols.TREE_CONNECT))
        .extracting(f -> f.share)
        .containsOnly(LAB_C, LAB_IPC);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.0.7", "7.0.10", "6.0.1"})
  void sambaLabPipeRpcIsOnePipeWritePerCallNamedByItsInterface(String version) throws IOException {
    List<FlowRecord> pipeWrites =
        flows(FlowTestFiles.decode(SURICATA.resolve(version).resolve("samba_lateral.eve.json")))
            .stream()
            .filter(f -> f.protocol.equals(SmbProtocols.WRITE_PIPE))
            .toList();

    Map<String, Integer> perInterface = new TreeMap<>();
    pipeWrites.forEach(f -> perInterface.merge(f.rpcEndpoint, 1, Integer::sum));
    // 39 FSCTL_PIPE_TRANSCEIVE and 2 SMB1 TransactNmPipe (srvsvc), as tshark counts them.
    assertThat(perInterface)
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of("lsarpc", 12, "samr", 8, "srvsvc", 6, "svcctl", 5, "winreg", 10)));
    assertThat(pipeWrites)
        .allSatisfy(
            f -> {
              assertThat(f.share).isEqualTo(LAB_IPC);
              assertThat(f.pipeName).isNull(); // not in Suricata's DCE/RPC records
            });
  }

  /**
   * Suricata writes each file moved over SMB twice, as an smb event and as a fileinfo event with
   * the same smb section. With smb logging off (eve-log types without {@code smb}) the fileinfo
   * event is all there is: it gives the write, with the size fileinfo counted; with both on, it is
   * a repeat and gives nothing more (the lab log above has the three writes once each).
   */
  @Test
  void withSmbLoggingOffTheFileinfoEventsGiveTheWrites() throws IOException {
    List<Decoded> decoded =
        FlowTestFiles.decode(SURICATA.resolve("7.0.10/fileinfo-only/samba_lateral.eve.json"));

    assertThat(count(decoded, Kind.QUARANTINED)).isZero();
    assertThat(flows(decoded))
        .extracting(f -> f.srcPort, f -> f.protocol, f -> f.fileName, f -> f.size, f -> f.share)
        .containsExactlyInAnyOrder(
            // No TREE_CONNECT records to take the SMB2 share from; SMB1 records name theirs.
            tuple(43660, SmbProtocols.WRITE, "ProgramData\\GruntHTTP.exe", 11_776L, null),
            tuple(43666, SmbProtocols.WRITE, "payload.dll", 80_000L, null),
            tuple(43706, SmbProtocols.WRITE, "legacy.bat", 3_000L, LAB_C));
    List<Decoded> both = FlowTestFiles.decode(SURICATA.resolve("7.0.10/samba_lateral.eve.json"));
    assertThat(flows(both)).filteredOn(f -> f.protocol.equals(SmbProtocols.WRITE)).hasSize(3);
  }
}
