package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowTestFiles.FIXTURES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.smbhunt.udf.flow.FlowDecodeResult.Kind;
import io.smbhunt.udf.flow.FlowTestFiles.Decoded;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Suricata eve.json smb events built from Suricata's documented schema (see the README). */
class SuricataEveDecoderTest {

  private static final String C = "\\\\10.0.0.5\\C$";
  private static final String IPC = "\\\\10.0.0.5\\IPC$";
  private static final String HOST_IPC = "\\\\HOST\\IPC$";
  private static final String ADMIN = "\\\\HOST\\ADMIN$";

  @Test
  void aDownloadsFileinfoEventIsTurnedClientToServer() {
    // protectwise/suricata-ipc's test event (src/eve/message/mod.rs, MIT or Apache-2.0): a
    // fileinfo for an SMB2 READ, addressed as the data went, from the server's port 445.
    String download =
        "{\"timestamp\":\"2016-06-16T15:07:06.802717-0600\",\"flow_id\":2180082800938789,"
            + "\"event_type\":\"fileinfo\",\"src_ip\":\"10.3.1.1\",\"src_port\":445,"
            + "\"dest_ip\":\"10.3.1.2\",\"dest_port\":56746,\"proto\":\"TCP\",\"smb\":{\"id\":27,"
            + "\"dialect\":\"2.02\",\"command\":\"SMB2_COMMAND_READ\",\"status\":"
            + "\"STATUS_END_OF_FILE\",\"status_code\":\"0xc0000011\",\"session_id\":706141969,"
            + "\"tree_id\":201977730,\"filename\":\"file69.txt\",\"share\":"
            + "\"\\\\\\\\10.3.1.1\\\\public\",\"fuid\":"
            + "\"96c8e081-0000-0000-441e-a47e00000000\"},\"app_proto\":\"smb\",\"fileinfo\":"
            + "{\"filename\":\"file69.txt\",\"sid\":[],\"gaps\":false,\"state\":\"CLOSED\","
            + "\"stored\":false,\"size\":3109,\"tx_id\":26}}";
    assertThat(
            FlowTestFiles.flows(
                FlowTestFiles.decodeText(FlowFormat.SURICATA_EVE, "eve.json", download)))
        .extracting(
            f -> f.srcIp,
            f -> f.srcPort,
            f -> f.dstIp,
            f -> f.dstPort,
            f -> f.protocol,
            f -> f.share,
            f -> f.fileName,
            f -> f.size,
            f -> f.timestamp)
        .containsExactly(
            tuple(
                "10.3.1.2",
                56746,
                "10.3.1.1",
                445,
                SmbProtocols.READ,
                "\\\\10.3.1.1\\public",
                "file69.txt",
                3109L,
                Instant.parse("2016-06-16T21:07:06.802Z").toEpochMilli()));
  }

  @Test
  void mapsEveryCommandOfBothDialects() throws IOException {
    List<Decoded> decoded = FlowTestFiles.decode(FIXTURES.resolve("suricata/eve-smb.json"));
    assertThat(decoded).hasSize(30);
    assertThat(decoded)
        .filteredOn(d -> d.kind() != Kind.FLOW)
        .extracting(Decoded::line, Decoded::kind)
        .containsExactly(
            tuple(1L, Kind.NOT_RELEVANT), // flow
            tuple(2L, Kind.NOT_RELEVANT), // alert
            tuple(29L, Kind.NOT_RELEVANT)); // fileinfo
    assertThat(FlowTestFiles.flows(decoded))
        .extracting(
            f -> f.line,
            f -> f.protocol,
            f -> f.share,
            f -> f.fileName,
            f -> f.pipeName,
            f -> f.rpcEndpoint,
            f -> f.rpcOperation)
        .containsExactly(
            tuple(3L, "smb.other", null, null, null, null, null),
            tuple(4L, "smb.tree_connect", C, null, null, null, null),
            tuple(5L, "smb.tree_connect", IPC, null, null, null, null),
            // CREATE has no share in eve: it comes from tree 1's connect (line 4)
            tuple(6L, "smb.create", C, "Windows\\Temp\\evil.exe", null, null, null),
            tuple(7L, "smb.write", C, "Windows\\Temp\\evil.exe", null, null, null),
            tuple(8L, "smb.create_pipe", IPC, null, "svcctl", null, null),
            tuple(9L, "smb.write_pipe", IPC, null, null, "svcctl", null),
            tuple(10L, "smb.write_pipe", IPC, null, null, "svcctl", "12"),
            tuple(11L, "smb.read", C, "Windows\\Temp\\evil.exe", null, null, null),
            tuple(12L, "smb.read_pipe", IPC, null, "lsarpc", null, null),
            tuple(13L, "smb.other", C, null, null, null, null), // IOCTL without DCE/RPC
            tuple(14L, "smb.close", C, null, null, null, null),
            tuple(15L, "smb.rename", C, null, null, null, null),
            tuple(16L, "smb.other", null, null, null, null, null),
            tuple(17L, "smb.tree_connect", HOST_IPC, null, null, null, null),
            tuple(18L, "smb.create_pipe", HOST_IPC, null, "atsvc", null, null),
            tuple(19L, "smb.write_pipe", HOST_IPC, null, null, "atsvc", "0"),
            tuple(20L, "smb.write_pipe", HOST_IPC, null, null, "atsvc", null),
            tuple(21L, "smb.write", ADMIN, "payload.exe", null, null, null),
            tuple(22L, "smb.read", ADMIN, "payload.exe", null, null, null),
            // Suricata's documented "Pipe open" record: no tree seen, a well-known pipe name
            tuple(23L, "smb.create_pipe", null, null, "atsvc", null, null),
            tuple(24L, "smb.create", null, "report.docx", null, null, null),
            tuple(25L, "smb.write_pipe", null, null, "winreg", null, null),
            tuple(26L, "smb.tree_connect", "\\\\10.0.0.5\\PRINTER1", null, null, null, null),
            tuple(27L, "smb.delete", ADMIN, "payload.exe", null, null, null),
            tuple(28L, "smb.write_pipe", null, null, "spoolss", null, null),
            tuple(30L, "smb.write_pipe", HOST_IPC, null, "remcom_communicaton", null, null));
  }

  @Test
  void keepsTheCommonFieldsAndTheSensorsOwnValues() throws IOException {
    List<FlowRecord> flows =
        FlowTestFiles.flows(FlowTestFiles.decode(FIXTURES.resolve("suricata/eve-smb.json")));
    FlowRecord write = flows.stream().filter(f -> f.line == 7).findFirst().orElseThrow();
    FlowRecord expected = new FlowRecord();
    expected.source = "eve-smb.json";
    expected.line = 7;
    expected.timestamp = Instant.parse("2024-04-01T09:10:07.000107Z").toEpochMilli();
    expected.srcIp = "10.0.0.9";
    expected.srcPort = 49812;
    expected.dstIp = "10.0.0.5";
    expected.dstPort = 445;
    expected.protocol = SmbProtocols.WRITE;
    expected.fileName = "Windows\\Temp\\evil.exe";
    expected.share = C;
    expected.shareType = "FILE"; // from the tree connect
    expected.sensor = "suricata";
    expected.connectionId = "1000000000000001";
    expected.action = "SMB2_COMMAND_WRITE";
    assertThat(write).isEqualTo(expected);

    FlowRecord treeConnect = flows.stream().filter(f -> f.line == 17).findFirst().orElseThrow();
    assertThat(treeConnect.shareType).isNull(); // SMB1 logs a service, not a share type
    assertThat(treeConnect.action).isEqualTo("SMB1_COMMAND_TREE_CONNECT_ANDX");

    FlowRecord pipeOpen = flows.stream().filter(f -> f.line == 23).findFirst().orElseThrow();
    assertThat(pipeOpen.timestamp) // "+0200" offset
        .isEqualTo(Instant.parse("2024-04-01T07:10:23.000123Z").toEpochMilli());
    assertThat(pipeOpen.pipeNameRaw).isEqualTo("atsvc");
    assertThat(pipeOpen.size).isEqualTo(0L);

    FlowRecord remcom = flows.stream().filter(f -> f.line == 30).findFirst().orElseThrow();
    assertThat(remcom.pipeNameRaw).isEqualTo("\\PIPE\\RemCom_communicaton");
  }

  @Test
  void anUnknownInterfaceKeepsItsUuid() {
    String line =
        "{\"timestamp\":\"2024-04-01T09:10:00.000000+0000\",\"flow_id\":7,\"event_type\":\"smb\","
            + "\"src_ip\":\"10.0.0.9\",\"src_port\":1,\"dest_ip\":\"10.0.0.5\",\"dest_port\":445,"
            + "\"smb\":{\"id\":1,\"command\":\"SMB2_COMMAND_IOCTL\",\"tree_id\":1,"
            + "\"dcerpc\":{\"request\":\"REQUEST\",\"opnum\":3,"
            + "\"interfaces\":[{\"uuid\":\"AAAAAAAA-1111-2222-3333-444444444444\"}]}}}";
    FlowRecord f =
        FlowTestFiles.flows(FlowTestFiles.decodeText(FlowFormat.SURICATA_EVE, "eve.json", line))
            .get(0);
    assertThat(f.protocol).isEqualTo(SmbProtocols.WRITE_PIPE);
    assertThat(f.rpcEndpoint).isEqualTo("unknown-aaaaaaaa-1111-2222-3333-444444444444");
    assertThat(f.rpcOperation).isEqualTo("3");
  }

  @Test
  void aFlattenedInterfaceObjectIsReadToo() {
    String line =
        "{\"timestamp\":\"2024-04-01T09:10:00Z\",\"flow_id\":7,\"event_type\":\"smb\","
            + "\"src_ip\":\"10.0.0.9\",\"dest_ip\":\"10.0.0.5\",\"dest_port\":\"445\","
            + "\"smb\":{\"id\":1,\"command\":\"SMB2_COMMAND_WRITE\",\"dcerpc\":{\"request\":"
            + "\"REQUEST\",\"opnum\":1,\"interface\":{\"uuid\":\"338cd001-2244-31f1-aaaa-900038001003\"}}}}";
    FlowRecord f =
        FlowTestFiles.flows(FlowTestFiles.decodeText(FlowFormat.SURICATA_EVE, "eve.json", line))
            .get(0);
    assertThat(f.protocol).isEqualTo(SmbProtocols.WRITE_PIPE);
    assertThat(f.rpcEndpoint).isEqualTo("winreg");
    assertThat(f.srcPort).isNull();
    assertThat(f.dstPort).isEqualTo(445);
  }
}
