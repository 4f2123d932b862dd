package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowTestFiles.ZEEK_REAL;
import static io.smbhunt.udf.flow.FlowTestFiles.count;
import static io.smbhunt.udf.flow.FlowTestFiles.decode;
import static io.smbhunt.udf.flow.FlowTestFiles.flows;
import static io.smbhunt.udf.flow.FlowTestFiles.withoutOrigin;
import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.udf.flow.FlowDecodeResult.Kind;
import io.smbhunt.udf.flow.FlowTestFiles.Decoded;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real WRCCDC 2018 Zeek logs, in both of Zeek's formats. */
class ZeekRealDataTest {

  private static Path tsv(String log) {
    return ZEEK_REAL.resolve("zeek-default/" + log + ".log.gz");
  }

  private static Path json(String log) {
    return ZEEK_REAL.resolve("zeek-json/" + log + ".json.gz");
  }

  @Test
  void sniffsBothForms() throws IOException {
    for (String log : List.of("smb_files", "smb_mapping", "dce_rpc")) {
      byte[] t = FlowTestFiles.lines(tsv(log)).get(0);
      byte[] j = FlowTestFiles.lines(json(log)).get(0);
      assertThat(FlowFormats.sniff(log + ".log.gz", t, 0, t.length)).isEqualTo(FlowFormat.ZEEK_TSV);
      assertThat(FlowFormats.sniff(log + ".json.gz", j, 0, j.length))
          .isEqualTo(FlowFormat.ZEEK_JSON);
    }
  }

  /** TSV and JSON hold the same events: every data row decodes to the same record. */
  @ParameterizedTest
  @CsvSource({"smb_files, 13", "smb_mapping, 393", "dce_rpc, 78"})
  void tsvAndJsonDecodeToTheSameRecords(String log, int rows) throws IOException {
    List<Decoded> fromTsv = decode(tsv(log));
    List<Decoded> fromJson = decode(json(log));
    assertThat(count(fromTsv, Kind.QUARANTINED)).isZero();
    assertThat(count(fromJson, Kind.QUARANTINED)).isZero();
    List<byte[]> tsvLines = FlowTestFiles.lines(tsv(log));
    List<Decoded> tsvRows =
        fromTsv.stream().filter(d -> tsvLines.get((int) d.line() - 1)[0] != '#').toList();
    assertThat(fromJson).hasSize(rows);
    assertThat(tsvRows).hasSize(rows);
    for (int i = 0; i < fromJson.size(); i++) {
      Decoded t = tsvRows.get(i);
      Decoded j = fromJson.get(i);
      assertThat(t.kind()).as("%s row %d", log, i + 1).isEqualTo(j.kind());
      if (j.kind() == Kind.FLOW) {
        assertThat(withoutOrigin(t.flow()))
            .as("%s row %d", log, i + 1)
            .isEqualTo(withoutOrigin(j.flow()));
        assertThat(t.flow().line).isEqualTo(i + 9); // 8 header lines precede the rows
        assertThat(j.flow().line).isEqualTo(i + 1);
      }
    }
  }

  @Test
  void smbFiles() throws IOException {
    List<Decoded> decoded = decode(tsv("smb_files"));
    assertThat(decoded).hasSize(22);
    assertThat(count(decoded, Kind.NOT_RELEVANT)).isEqualTo(9); // 8 header lines + #close
    List<FlowRecord> flows = flows(decoded);
    assertThat(flows).hasSize(13);
    assertThat(histogram(flows, f -> f.protocol + " " + f.action))
        .isEqualTo(
            Map.of(
                "smb.create SMB::FILE_OPEN", 1L,
                "smb.create_pipe SMB::FILE_OPEN", 11L,
                "smb.delete SMB::FILE_DELETE", 1L));
    assertThat(histogram(flows, f -> String.valueOf(f.pipeName)))
        .isEqualTo((Map.of("svcctl", 10L, "browser", 1L, "null", 2L)));

    FlowRecord pipeOpen = flows.get(0);
    assertThat(pipeOpen.source).isEqualTo("smb_files.log.gz");
    assertThat(pipeOpen.line).isEqualTo(9);
    assertThat(pipeOpen.timestamp)
        .isEqualTo(Instant.parse("2018-03-24T17:15:54.600Z").toEpochMilli());
    assertThat(pipeOpen.srcIp).isEqualTo("10.128.0.214");
    assertThat(pipeOpen.srcPort).isEqualTo(41717);
    assertThat(pipeOpen.dstIp).isEqualTo("10.47.8.142");
    assertThat(pipeOpen.dstPort).isEqualTo(445);
    assertThat(pipeOpen.protocol).isEqualTo(SmbProtocols.CREATE_PIPE);
    assertThat(pipeOpen.pipeName).isEqualTo("svcctl");
    assertThat(pipeOpen.pipeNameRaw).isEqualTo("\\svcctl");
    assertThat(pipeOpen.fileName).isNull();
    assertThat(pipeOpen.share).isNull();
    assertThat(pipeOpen.shareType).isNull();
    assertThat(pipeOpen.size).isEqualTo(0L);
    assertThat(pipeOpen.sensor).isEqualTo("zeek");
    assertThat(pipeOpen.connectionId).isEqualTo("C6WWAQ2G8MqT1hrQHd");
    assertThat(pipeOpen.rpcEndpoint).isNull();
    assertThat(pipeOpen.rpcOperation).isNull();
    assertThat(pipeOpen.action).isEqualTo("SMB::FILE_OPEN");

    FlowRecord fileOpen = flows.get(6);
    FlowRecord expected = new FlowRecord();
    expected.source = "smb_files.log.gz";
    expected.line = 15;
    expected.timestamp = Instant.parse("2018-03-24T17:23:35.680Z").toEpochMilli();
    expected.srcIp = "10.128.0.233";
    expected.srcPort = 44132;
    expected.dstIp = "10.47.21.82";
    expected.dstPort = 445;
    expected.protocol = SmbProtocols.CREATE;
    expected.fileName = "Temp\\wdszAPrV.tmp";
    expected.share = "\\\\10.47.21.82\\ADMIN$";
    expected.size = 196L;
    expected.sensor = "zeek";
    expected.connectionId = "CF0g772wEPFoRKyYg3";
    expected.action = "SMB::FILE_OPEN";
    assertThat(fileOpen).isEqualTo(expected);
    assertThat(flows.get(7).protocol).isEqualTo(SmbProtocols.DELETE);
    assertThat(flows.get(7).fileName).isEqualTo(expected.fileName);
  }

  @Test
  void smbMapping() throws IOException {
    List<Decoded> decoded = decode(json("smb_mapping"));
    List<FlowRecord> flows = flows(decoded);
    assertThat(decoded).hasSize(393);
    assertThat(flows).hasSize(393);
    assertThat(flows).allMatch(f -> f.protocol.equals(SmbProtocols.TREE_CONNECT));
    assertThat(histogram(flows, f -> String.valueOf(f.shareType))).containsOnlyKeys("DISK", "PIPE");
    List<FlowRecord> noPath = flows.stream().filter(f -> f.share == null).toList();
    assertThat(noPath).hasSize(1);
    assertThat(noPath.get(0).shareType).isEqualTo("PIPE");
    assertThat(noPath.get(0).connectionId).isEqualTo("Cv5n1f2x5svy0ExdIa");

    FlowRecord first = flows.get(0);
    assertThat(first.timestamp).isEqualTo(Instant.parse("2018-03-24T17:15:21.382Z").toEpochMilli());
    assertThat(first.share).isEqualTo("\\\\10.47.21.25\\ADMIN$");
    assertThat(first.shareType).isEqualTo("DISK");
    assertThat(first.srcIp).isEqualTo("10.128.0.233");
    assertThat(first.srcPort).isEqualTo(52298);
    assertThat(first.dstIp).isEqualTo("10.47.21.25");
    assertThat(first.dstPort).isEqualTo(445);
    assertThat(first.fileName).isNull();
    assertThat(first.pipeName).isNull();
    assertThat(first.action).isNull();
    assertThat(flows).anyMatch(f -> "\\\\10.47.24.25\\admin$".equals(f.share));
  }

  @Test
  void dceRpc() throws IOException {
    List<Decoded> decoded = decode(tsv("dce_rpc"));
    List<FlowRecord> flows = flows(decoded);
    assertThat(decoded).hasSize(87);
    assertThat(flows).hasSize(67);
    // 11 RPC-over-TCP rows (named_pipe 135, 1030, 1053) + 8 header lines + #close
    assertThat(count(decoded, Kind.NOT_RELEVANT)).isEqualTo(11 + 9);
    assertThat(flows).allMatch(f -> f.protocol.equals(SmbProtocols.WRITE_PIPE));
    assertThat(flows).allMatch(f -> f.dstPort == 445);
    assertThat(histogram(flows, f -> f.pipeName + " " + f.pipeNameRaw + " " + f.rpcEndpoint))
        .isEqualTo(
            new TreeMap<>(
                Map.of(
                    "ntsvcs \\pipe\\ntsvcs svcctl", 55L,
                    "atsvc \\PIPE\\atsvc ITaskSchedulerService", 12L)));
    assertThat(histogram(flows, f -> f.rpcOperation))
        .containsEntry("CreateServiceW", 9L)
        .containsEntry("SchRpcRegisterTask", 3L);

    FlowRecord create = flows.get(1);
    assertThat(create.line).isEqualTo(12);
    assertThat(create.timestamp)
        .isEqualTo(Instant.parse("2018-03-24T17:15:54.630Z").toEpochMilli());
    assertThat(create.srcIp).isEqualTo("10.128.0.214");
    assertThat(create.srcPort).isEqualTo(41717);
    assertThat(create.dstIp).isEqualTo("10.47.8.142");
    assertThat(create.pipeName).isEqualTo("ntsvcs");
    assertThat(create.pipeNameRaw).isEqualTo("\\pipe\\ntsvcs");
    assertThat(create.rpcEndpoint).isEqualTo("svcctl");
    assertThat(create.rpcOperation).isEqualTo("CreateServiceW");
    assertThat(create.connectionId).isEqualTo("C6WWAQ2G8MqT1hrQHd");
    assertThat(create.fileName).isNull();
    assertThat(create.share).isNull();
    assertThat(create.action).isNull();
  }

  private static Map<String, Long> histogram(
      List<FlowRecord> flows, Function<FlowRecord, String> key) {
    return flows.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }
}
