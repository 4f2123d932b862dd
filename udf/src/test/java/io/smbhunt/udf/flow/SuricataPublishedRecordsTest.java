package io.smbhunt.udf.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real eve records published by others, from Suricata versions and sensors the bundled captures do
 * not cover (src/test/resources/flow/README.md says where each comes from).
 */
class SuricataPublishedRecordsTest {

  private static final Path PUBLISHED = FlowTestFiles.FIXTURES.resolve("suricata/published");

  @Test
  void suricata4RecordsOfPanthersParserTests() throws IOException {
    // Suricata 4.x (2017, "proto": "006"), four captures: a CREATE on a tree whose connect was not
    // logged, a Kerberos sign-in, a tree connect, an SMB1 DCE/RPC call over WRITE_ANDX that names
    // no interface.
    List<FlowTestFiles.Decoded> decoded =
        FlowTestFiles.decode(PUBLISHED.resolve("panther-suricatalogs.eve.json"));
    assertThat(FlowTestFiles.count(decoded, FlowDecodeResult.Kind.FLOW)).isEqualTo(4);
    assertThat(FlowTestFiles.flows(decoded))
        .extracting(
            f -> f.protocol, f -> f.share, f -> f.fileName, f -> f.rpcOperation, f -> f.srcIp)
        .containsExactly(
            tuple(SmbProtocols.CREATE, null, "Temp\\__output", null, "192.168.1.161"),
            tuple(SmbProtocols.OTHER, null, null, null, "192.168.1.46"),
            tuple(
                SmbProtocols.TREE_CONNECT,
                "\\\\192.168.1.195\\ADMIN$",
                null,
                null,
                "192.168.1.161"),
            tuple(SmbProtocols.WRITE_PIPE, null, null, "12", "192.168.1.161"));
  }

  @Test
  void aTreeConnectTheServerDeniedConnectsNoShare() throws IOException {
    // Stamus Networks' "Suricata for analysts": a CREATE of PSEXESVC.exe, an alert shipped through
    // Logstash (@timestamp, @version: not an smb event), and a TREE_CONNECT to C$ answered
    // STATUS_ACCESS_DENIED with tree 0. The capture decoder and Zeek log no tree for a refused
    // connect; before, it was an smb.tree_connect of C$ like one that succeeded.
    List<FlowTestFiles.Decoded> decoded =
        FlowTestFiles.decode(PUBLISHED.resolve("stamus-suricata-4-analysts.eve.json"));
    assertThat(decoded)
        .extracting(FlowTestFiles.Decoded::kind)
        .containsExactly(
            FlowDecodeResult.Kind.FLOW,
            FlowDecodeResult.Kind.NOT_RELEVANT,
            FlowDecodeResult.Kind.FLOW);
    assertThat(FlowTestFiles.flows(decoded))
        .extracting(f -> f.protocol, f -> f.share, f -> f.fileName, f -> f.size, f -> f.timestamp)
        .containsExactly(
            tuple(SmbProtocols.CREATE, null, "PSEXESVC.exe", 383872L, 1651679486052L),
            tuple(
                SmbProtocols.OTHER, "\\\\WZVCDYTZUR6.GONE.LOCAL\\C$", null, null, 1653071518553L));
  }

  @Test
  void aRefusedOpenIsNoPipeOpen() {
    // Suricata 8.0.7 on the bundled Impacket capture: atexec's open of \atsvc, which the server
    // does not serve (STATUS_OBJECT_NAME_NOT_FOUND); the status name alone decides where
    // status_code is missing.
    String refused =
        "{\"timestamp\":\"2026-11-22T23:50:51.116113+0000\",\"flow_id\":1527144339182493,"
            + "\"event_type\":\"smb\",\"src_ip\":\"172.18.39.5\",\"src_port\":41042,"
            + "\"dest_ip\":\"172.18.39.9\",\"dest_port\":445,\"smb\":{\"id\":6,"
            + "\"command\":\"SMB2_COMMAND_CREATE\",\"status\":\"STATUS_OBJECT_NAME_NOT_FOUND\","
            + "%s\"tree_id\":1964439008,\"filename\":\"atsvc\"}}";
    for (String code : List.of("\"status_code\":\"0xc0000034\",", "")) {
      assertThat(
              FlowTestFiles.flows(
                  FlowTestFiles.decodeText(
                      FlowFormat.SURICATA_EVE, "eve.json", String.format(refused, code))))
          .extracting(f -> f.protocol, f -> f.pipeName)
          .containsExactly(tuple(SmbProtocols.OTHER, null));
    }
    assertThat(SuricataEveDecoder.failed("0x0", "STATUS_SUCCESS")).isFalse();
    assertThat(SuricataEveDecoder.failed(null, "STATUS_SUCCESS")).isFalse();
    assertThat(SuricataEveDecoder.failed(null, null)).isFalse();
    assertThat(SuricataEveDecoder.failed("0x005b", "SRV_BADUID")).isTrue();
  }
}
