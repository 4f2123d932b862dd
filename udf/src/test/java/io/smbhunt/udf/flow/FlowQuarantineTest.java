package io.smbhunt.udf.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.udf.flow.FlowDecodeResult.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken records of every format are quarantined with a stable reason, never dropped. */
class FlowQuarantineTest {

  private static final String ZEEK_OK =
      "{\"_path\":\"smb_files\",\"ts\":\"2018-03-24T17:15:54.600639Z\",\"uid\":\"C1\","
          + "\"id.orig_h\":\"10.128.0.214\",\"id.orig_p\":41717,\"id.resp_h\":\"10.47.8.142\","
          + "\"id.resp_p\":445,\"action\":\"SMB::FILE_OPEN\",\"name\":\"\\\\svcctl\",\"size\":0}";

  private static final String TSV_HEADER =
      "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tpath\tservice\tshare_type";

  private static final String TSV_OK =
      "1521911721.382822\tC4\t10.128.0.233\t52298\t10.47.21.25\t445\t\\\\\\\\h\\\\ADMIN$\t-\tDISK";

  private static final String EVE_OK =
      "{\"timestamp\":\"2024-04-01T09:10:07.000107+0000\",\"flow_id\":1,\"event_type\":\"smb\","
          + "\"src_ip\":\"10.0.0.9\",\"src_port\":49812,\"dest_ip\":\"10.0.0.5\",\"dest_port\":445,"
          + "\"smb\":{\"id\":6,\"command\":\"SMB2_COMMAND_WRITE\",\"tree_id\":1,"
          + "\"filename\":\"evil.exe\",\"share\":\"\\\\\\\\h\\\\C$\"}}";

  private static final String CAR_OK =
      "{\"start_time\":\"2024-04-01T09:20:00.250Z\",\"src_ip\":\"10.0.0.9\",\"src_port\":\"49812\","
          + "\"dest_ip\":\"10.0.0.5\",\"dest_port\":\"445\",\"protocol\":\"smb.write\","
          + "\"proto_info\":{\"file_name\":\"evil.exe\"}}";

  static Stream<Arguments> badJsonLines() {
    return Stream.of(
        // Zeek JSON
        bad(FlowFormat.ZEEK_JSON, ZEEK_OK.substring(0, 80), "invalid_json", "truncated"),
        bad(FlowFormat.ZEEK_JSON, "", "blank_line", "empty"),
        bad(
            FlowFormat.ZEEK_JSON,
            ZEEK_OK.replace("\"ts\":\"2018-03-24T17:15:54.600639Z\",", ""),
            "missing_field",
            "ts"),
        bad(
            FlowFormat.ZEEK_JSON,
            ZEEK_OK.replace("2018-03-24T17:15:54.600639Z", "yesterday"),
            "invalid_timestamp",
            "yesterday"),
        bad(
            FlowFormat.ZEEK_JSON,
            ZEEK_OK.replace("\"id.resp_p\":445", "\"id.resp_p\":\"abc\""),
            "invalid_port",
            "id.resp_p"),
        bad(
            FlowFormat.ZEEK_JSON,
            ZEEK_OK.replace("10.47.8.142", "not-an-ip"),
            "invalid_address",
            "id.resp_h 'not-an-ip'"),
        bad(
            FlowFormat.ZEEK_JSON,
            ZEEK_OK.replace("10.128.0.214", "10.128.0.256"),
            "invalid_address",
            "id.orig_h"),
        bad(
            FlowFormat.SURICATA_EVE,
            EVE_OK.replace("10.0.0.5", "fs01"),
            "invalid_address",
            "dest_ip"),
        bad(
            FlowFormat.CAR_FLOW,
            CAR_OK.replace("10.0.0.9", "1::2::3"),
            "invalid_address",
            "src_ip"),
        bad(
            FlowFormat.ZEEK_JSON,
            ZEEK_OK.replace("\"id.orig_p\":41717", "\"id.orig_p\":70000"),
            "invalid_port",
            "id.orig_p"),
        bad(
            FlowFormat.ZEEK_JSON,
            ZEEK_OK.replace("\"id.resp_h\":\"10.47.8.142\",", ""),
            "missing_field",
            "id.resp_h"),
        bad(
            FlowFormat.ZEEK_JSON,
            ZEEK_OK.replace("\"action\":\"SMB::FILE_OPEN\",", ""),
            "missing_field",
            "action"),
        bad(
            FlowFormat.ZEEK_JSON,
            ZEEK_OK.replace("\"size\":0", "\"size\":-1"),
            "invalid_size",
            "size"),
        bad(
            FlowFormat.ZEEK_JSON,
            ZEEK_OK.replace("\"id.orig_h\":\"10.128.0.214\"", "\"id.orig_h\":{\"a\":1}"),
            "wrong_type",
            "id.orig_h"),
        bad(
            FlowFormat.ZEEK_JSON,
            ZEEK_OK
                .replace("\"_path\":\"smb_files\",", "")
                .replace("\"action\":\"SMB::FILE_OPEN\",", ""),
            "unknown_zeek_log",
            "_path"),
        // Suricata
        bad(
            FlowFormat.SURICATA_EVE,
            EVE_OK.substring(0, EVE_OK.length() - 2),
            "invalid_json",
            "truncated"),
        bad(
            FlowFormat.SURICATA_EVE,
            EVE_OK.replace("\"timestamp\":\"2024-04-01T09:10:07.000107+0000\",", ""),
            "missing_field",
            "timestamp"),
        bad(
            FlowFormat.SURICATA_EVE,
            EVE_OK.replace("2024-04-01T09:10:07", "2024-13-01T09:10:07"),
            "invalid_timestamp",
            "2024-13-01"),
        bad(
            FlowFormat.SURICATA_EVE,
            EVE_OK.replace("\"dest_port\":445", "\"dest_port\":\"abc\""),
            "invalid_port",
            "dest_port"),
        bad(
            FlowFormat.SURICATA_EVE,
            EVE_OK.replace("\"src_port\":49812", "\"src_port\":-1"),
            "invalid_port",
            "src_port"),
        bad(
            FlowFormat.SURICATA_EVE,
            EVE_OK.replace("\"dest_ip\":\"10.0.0.5\",", ""),
            "missing_field",
            "dest_ip"),
        bad(
            FlowFormat.SURICATA_EVE,
            EVE_OK.replace("\"event_type\":\"smb\",", ""),
            "missing_field",
            "event_type"),
        bad(
            FlowFormat.SURICATA_EVE,
            EVE_OK.substring(0, EVE_OK.indexOf(",\"smb\"")) + "}",
            "missing_field",
            "smb"),
        bad(
            FlowFormat.SURICATA_EVE,
            EVE_OK.replace("\"src_ip\":\"10.0.0.9\"", "\"src_ip\":[1]"),
            "wrong_type",
            "src_ip"),
        bad(FlowFormat.SURICATA_EVE, "[1,2]", "not_json_object", "not a JSON object"),
        // CAR
        bad(FlowFormat.CAR_FLOW, CAR_OK.substring(0, 40), "invalid_json", "truncated"),
        bad(
            FlowFormat.CAR_FLOW,
            CAR_OK.replace("\"start_time\":\"2024-04-01T09:20:00.250Z\",", ""),
            "missing_field",
            "start_time"),
        bad(
            FlowFormat.CAR_FLOW,
            CAR_OK.replace("\"dest_port\":\"445\"", "\"dest_port\":\"abc\""),
            "invalid_port",
            "dest_port"),
        bad(
            FlowFormat.CAR_FLOW,
            CAR_OK.replace("\"dest_port\":\"445\",", ""),
            "missing_field",
            "dest_port"),
        bad(
            FlowFormat.CAR_FLOW,
            CAR_OK.replace("\"protocol\":\"smb.write\",", ""),
            "missing_field",
            "protocol"),
        bad(
            FlowFormat.CAR_FLOW,
            CAR_OK.replace("2024-04-01T09:20:00.250Z", "-5"),
            "invalid_timestamp",
            "-5"),
        bad(
            FlowFormat.CAR_FLOW,
            CAR_OK.replace("\"protocol\":\"smb.write\"", "\"protocol\":true"),
            "wrong_type",
            "protocol"));
  }

  private static Arguments bad(FlowFormat format, String line, String reason, String detailPart) {
    return Arguments.of(format, line, reason, detailPart);
  }

  @ParameterizedTest(name = "{0} {2}: {1}")
  @MethodSource("badJsonLines")
  void quarantinesBrokenJson(FlowFormat format, String line, String reason, String detailPart) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    FlowDecodeResult r =
        FlowFileDecoder.forFormat(format, "smb_files.json").decode(b, 0, b.length, "f", 1);
    if (reason.equals("unknown_zeek_log")) { // the file name must not tell, for this one
      r = FlowFileDecoder.forFormat(format, "zeek.json").decode(b, 0, b.length, "f", 1);
    }
    assertThat(r.kind()).isEqualTo(Kind.QUARANTINED);
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.detail()).contains(detailPart);
    assertThat(r.flow()).isNull();
  }

  @Test
  void addressesAsSensorsWriteThem() {
    for (String ok :
        new String[] {
          "10.0.0.5",
          "0.0.0.0",
          "fe80::1",
          "::",
          "::1",
          "2001:db8:0:0:0:0:0:1",
          "::ffff:172.18.39.5",
          "fe80::250:56ff:fe9a:1c2%eth0",
          "FE80::ABCD"
        }) {
      assertThat(FlowValues.isAddress(ok)).as(ok).isTrue();
    }
    for (String bad :
        new String[] {
          "",
          "host",
          "10.0.0",
          "10.0.0.256",
          "10.0.0.5.1",
          "1::2::3",
          "12345::1",
          "1:2:3:4:5:6:7",
          "1:2:3:4:5:6:7:8:9",
          "::ffff:1.2.3",
          "g::1",
          "-"
        }) {
      assertThat(FlowValues.isAddress(bad)).as(bad).isFalse();
    }
  }

  @Test
  void theOkLinesAreFine() {
    assertThat(decodeOne(FlowFormat.ZEEK_JSON, ZEEK_OK).kind()).isEqualTo(Kind.FLOW);
    assertThat(decodeOne(FlowFormat.SURICATA_EVE, EVE_OK).kind()).isEqualTo(Kind.FLOW);
    assertThat(decodeOne(FlowFormat.CAR_FLOW, CAR_OK).kind()).isEqualTo(Kind.FLOW);
  }

  @Test
  void invalidUtf8InEveryFormat() {
    byte[] bad = {(byte) 0xC3, (byte) 0x28};
    for (FlowFormat f : FlowFormat.values()) {
      String ok =
          switch (f) {
            case ZEEK_JSON -> ZEEK_OK;
            case SURICATA_EVE -> EVE_OK;
            case CAR_FLOW -> CAR_OK;
            case ZEEK_TSV -> TSV_OK;
          };
      byte[] line = splice(ok, "10.0.0.", "10.47.8.", "10.128.0.", bad);
      FlowFileDecoder d = FlowFileDecoder.forFormat(f, "smb_mapping.log");
      if (f == FlowFormat.ZEEK_TSV) {
        feed(d, TSV_HEADER);
      }
      FlowDecodeResult r = d.decode(line, 0, line.length, "f", 2);
      assertThat(r.kind()).as(f.name()).isEqualTo(Kind.QUARANTINED);
      assertThat(r.reason()).as(f.name()).isEqualTo("invalid_utf8");
    }
  }

  @Test
  void tsvDataBeforeAnyFieldsHeader() {
    FlowFileDecoder d = FlowFileDecoder.forFormat(FlowFormat.ZEEK_TSV, "smb_mapping.log");
    assertThat(feed(d, "#separator \\x09").kind()).isEqualTo(Kind.NOT_RELEVANT);
    FlowDecodeResult r = feed(d, TSV_OK);
    assertThat(r.reason()).isEqualTo("missing_tsv_header");
    assertThat(feed(d, TSV_HEADER).kind()).isEqualTo(Kind.NOT_RELEVANT);
    assertThat(feed(d, TSV_OK).kind()).isEqualTo(Kind.FLOW);
  }

  @Test
  void tsvBadLines() {
    FlowFileDecoder d = FlowFileDecoder.forFormat(FlowFormat.ZEEK_TSV, "smb_mapping.log");
    feed(d, "#separator \\x09");
    feed(d, "#path\tsmb_mapping");
    feed(d, TSV_HEADER);
    assertReason(feed(d, TSV_OK + "\textra"), "wrong_field_count", "10 values, #fields names 9");
    assertReason(feed(d, TSV_OK.substring(0, TSV_OK.lastIndexOf('\t'))), "wrong_field_count", "8");
    assertReason(feed(d, TSV_OK.replace("\t445\t", "\tabc\t")), "invalid_port", "abc");
    assertReason(feed(d, TSV_OK.replace("1521911721.382822", "-")), "missing_field", "ts");
    assertReason(
        feed(d, TSV_OK.replace("1521911721.382822", "17:15")), "invalid_timestamp", "17:15");
    assertReason(feed(d, TSV_OK.replace("10.128.0.233", "-")), "missing_field", "id.orig_h");
    assertReason(feed(d, ""), "blank_line", "empty");
    assertReason(feed(d, "#fields"), "invalid_tsv_header", "#fields");
    assertReason(feed(d, TSV_OK), "missing_tsv_header", "#fields");
    assertReason(feed(d, "#separator"), "invalid_tsv_header", "#separator");
    // a good header after the broken ones makes the decoder usable again
    feed(d, "#separator \\x09");
    feed(d, TSV_HEADER);
    assertThat(feed(d, TSV_OK + "\r").kind()).isEqualTo(Kind.FLOW); // CRLF tolerated
  }

  private static void assertReason(FlowDecodeResult r, String reason, String detailPart) {
    assertThat(r.kind()).isEqualTo(Kind.QUARANTINED);
    assertThat(r.reason()).isEqualTo(reason);
    assertThat(r.detail()).contains(detailPart);
  }

  private static FlowDecodeResult feed(FlowFileDecoder d, String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return d.decode(b, 0, b.length, "f", 1);
  }

  private static FlowDecodeResult decodeOne(FlowFormat format, String line) {
    return feed(FlowFileDecoder.forFormat(format, "smb_files.json"), line);
  }

  /** {@code text} with {@code bad} bytes inserted after the first of the given markers found. */
  private static byte[] splice(String text, String m1, String m2, String m3, byte[] bad) {
    int at = -1;
    for (String m : new String[] {m1, m2, m3}) {
      if (at < 0 && text.contains(m)) {
        at = text.indexOf(m) + m.length();
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, at);
    out.write(bad, 0, bad.length);
    out.write(b, at, b.length - at);
    return out.toByteArray();
  }
}
