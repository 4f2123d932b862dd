package io.smbhunt.udf.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowFormatsTest {

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "smb_files.log | #separator \\x09 | ZEEK_TSV",
        "anything.gz | #separator \\x09 | ZEEK_TSV",
        "x.json | {\"_path\":\"smb_files\",\"ts\":1.0} | ZEEK_JSON",
        "x.json | {\"ts\":1.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"} | ZEEK_JSON",
        "x.json | {\"ts\":1.0,\"uid\":\"C1\",\"id_orig_h\":\"10.0.0.1\"} | ZEEK_JSON",
        "x.json | {\"ts\":1.0,\"uid\":\"C1\",\"id\":{\"orig_h\":\"10.0.0.1\"}} | ZEEK_JSON",
        "x.json | {\"timestamp\":\"t\",\"event_type\":\"smb\",\"dest_port\":445} | SURICATA_EVE",
        "x.json | {\"dest_port\":\"445\",\"protocol\":\"smb.write\"} | CAR_FLOW",
        "x.json | {\"protocol\":\"smb.write\",\"proto_info\":{\"file_name\":\"a\"}} | CAR_FLOW",
        "x.json | {\"uid\":\"C1\"} | NULL",
        "x.json | {\"EventID\":5140} | NULL",
        "x.json | not json | NULL",
        "eve.json.gz | {\"truncated | SURICATA_EVE",
        "/var/log/zeek/smb_mapping.json | '' | ZEEK_JSON",
        "x.json | '' | NULL",
      })
  void sniffs(String fileName, String firstLine, FlowFormat expected) {
    byte[] b = firstLine.getBytes(StandardCharsets.UTF_8);
    assertThat(FlowFormats.sniff(fileName, b, 0, b.length)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "smb_files.log | SMB_FILES",
        "/a/b/smb_files.17:00:00-18:00:00.log.gz | SMB_FILES",
        "json_streaming_dce_rpc.1.log | DCE_RPC",
        "archive.zip!/smb_mapping.json | SMB_MAPPING",
        "C:\\logs\\DCE_RPC.log | DCE_RPC",
        "conn.log | NULL",
        "NULL | NULL",
      })
  void zeekLogFromFileName(String fileName, ZeekLog expected) {
    assertThat(ZeekLog.fromFileName(fileName)).isEqualTo(expected);
  }
}
