package io.smbhunt.udf.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostEventDecoderTest {

  /** The real Security-Datasets sample bundled with the project (see samples/README.md). */
  static final Path REAL_SAMPLE =
      Path.of("../samples/security-datasets/covenant_copy_smb_CreateRequest_2020-09-22145302.json");

  private final HostEventDecoder decoder = new HostEventDecoder();

  @Test
  void decodesExactlyTheUsableEventsOfTheRealSample() throws IOException {
    List<HostEvent> events = new ArrayList<>();
    int notRelevant = 0;
    List<String> lines = Files.readAllLines(REAL_SAMPLE, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      byte[] b = lines.get(i).getBytes(StandardCharsets.UTF_8);
      DecodeResult r = decoder.decode(b, 0, b.length, "sample.json", i + 1);
      assertThat(r.kind())
          .as("line %d: %s", i + 1, r.detail())
          .isNotEqualTo(DecodeResult.Kind.QUARANTINED);
      if (r.kind() == DecodeResult.Kind.EVENT) {
        events.add(r.event());
      } else {
        notRelevant++;
      }
    }
    assertThat(lines).hasSize(506);
    assertThat(notRelevant).isEqualTo(506 - 9);
    // Independently listed with Python's json module (see samples/README.md).
    assertThat(events)
        .extracting(
            e -> e.line,
            e -> e.eventId,
            e -> e.shareName,
            e -> e.relativeTargetName,
            e -> e.accessMaskText,
            e -> e.subjectLogonId,
            e -> e.targetLogonId)
        .containsExactly(
            tuple(58L, 5140, "\\\\*\\IPC$", null, "0x1", "0x4e13b2e", null),
            tuple(59L, 5140, "\\\\*\\C$", null, "0x1", "0x4e13b2e", null),
            tuple(60L, 5145, "\\\\*\\C$", "ProgramData", "0x80", "0x4e13b2e", null),
            tuple(
                61L,
                5145,
                "\\\\*\\C$",
                "ProgramData\\GruntHTTP.exe",
                "0x17019f",
                "0x4e13b2e",
                null),
            tuple(62L, 5145, "\\\\*\\C$", "ProgramData\\GruntHTTP.exe", "0x2", "0x4e13b2e", null),
            tuple(212L, 11, null, null, null, null, null),
            tuple(222L, 4634, null, null, null, null, "0x4e13b2e"),
            tuple(301L, 4634, null, null, null, null, "0x7b90596"),
            tuple(477L, 11, null, null, null, null, null));

    HostEvent write = events.get(4);
    assertThat(write.source).isEqualTo("sample.json");
    assertThat(write.timestamp).isEqualTo(Instant.parse("2020-09-22T18:53:32.342Z").toEpochMilli());
    assertThat(write.channel).isEqualTo("security");
    assertThat(write.host).isEqualTo("WORKSTATION6.theshire.local");
    assertThat(write.subjectUserName).isEqualTo("pgustavo");
    assertThat(write.ipAddress).isEqualTo("172.18.39.5");
    assertThat(write.ipPort).isEqualTo("62782");
    assertThat(write.accessMask).isEqualTo(2L);
    assertThat(events.get(3).accessMask).isEqualTo(0x17019fL);
    assertThat(events.get(3).hasWriteDataBit()).isTrue();
    assertThat(events.get(2).hasWriteDataBit()).isFalse();

    HostEvent create = events.get(5);
    assertThat(create.channel).isEqualTo("Microsoft-Windows-Sysmon/Operational");
    assertThat(create.image).isEqualTo("System");
    assertThat(create.targetFilename).isEqualTo("C:\\ProgramData\\GruntHTTP.exe");
    assertThat(create.timestamp)
        .isEqualTo(Instant.parse("2020-09-22T18:53:33.407Z").toEpochMilli());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "winlogbeat-ecs.json",
        "winlogbeat-sysmon-module.json",
        "elasticsearch-export.json",
        "winlogbeat6.json",
        "flat-timecreated.json"
      })
  void decodesEveryShipperShapeToTheSameEvents(String fixture) throws IOException {
    byte[] file = getClass().getResourceAsStream("/events/" + fixture).readAllBytes();
    List<HostEvent> events = new ArrayList<>();
    int lineStart = 0;
    long lineNo = 0;
    for (int i = 0; i < file.length; i++) {
      if (file[i] == '\n') {
        int end = i > lineStart && file[i - 1] == '\r' ? i - 1 : i;
        DecodeResult r = decoder.decode(file, lineStart, end - lineStart, fixture, ++lineNo);
        assertThat(r.kind())
            .as("line %d: %s", lineNo, r.detail())
            .isEqualTo(DecodeResult.Kind.EVENT);
        events.add(r.event());
        lineStart = i + 1;
      }
    }
    assertThat(events).hasSize(3);
    HostEvent connect = events.get(0);
    assertThat(connect.eventId).isEqualTo(5140);
    assertThat(connect.channel).isEqualToIgnoringCase("security");
    assertThat(connect.host).isEqualTo("WORKSTATION6.theshire.local");
    assertThat(connect.shareName).isEqualTo("\\\\*\\C$");
    assertThat(connect.subjectUserName).isEqualTo("pgustavo");
    assertThat(connect.subjectLogonId).isEqualToIgnoringCase("0x4e13b2e");
    assertThat(connect.ipAddress).isEqualTo("172.18.39.5");
    assertThat(connect.ipPort).isEqualTo("62782");
    assertThat(connect.timestamp)
        .isEqualTo(Instant.parse("2020-09-22T18:53:32.341Z").toEpochMilli());
    HostEvent write = events.get(1);
    assertThat(write.eventId).isEqualTo(5145);
    assertThat(write.relativeTargetName).isEqualTo("ProgramData\\GruntHTTP.exe");
    // Winlogbeat's security module and Elastic's pipelines write the mask as a list (["0x2"]) of
    // the one string Windows logged: the seed profile's text is that string in every shape.
    assertThat(write.accessMaskText).isEqualTo("0x2");
    assertThat(write.accessMask).isEqualTo(2);
    HostEvent create = events.get(2);
    assertThat(create.eventId).isEqualTo(11);
    assertThat(create.image).isEqualTo("System");
    assertThat(create.targetFilename).isEqualTo("C:\\ProgramData\\GruntHTTP.exe");
    assertThat(create.host).isEqualTo("WORKSTATION6.theshire.local");
  }

  /**
   * How a file is told to hold Windows events (the reader asks once per file, on its first line).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"EventID\":5140,\"Channel\":\"security\"}|true",
        "{\"winlog\":{\"event_id\":11}}|true",
        "{\"event_id\":5145,\"log_name\":\"Security\"}|true",
        "{\"_index\":\"winlogbeat-7\",\"_source\":{\"winlog\":{\"channel\":\"Security\"}}}|true",
        "{\"_path\":\"smb_files\",\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\"}|false",
        "{\"event_type\":\"smb\",\"src_ip\":\"10.0.0.1\"}|false",
        "{\"_source\":{\"event_type\":\"smb\"}}|false",
        "not json|false",
      })
  void tellsWindowsEventsFromOtherLines(String line, boolean windows) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    assertThat(HostEventDecoder.looksLikeWindowsEvent(b, 0, b.length)).isEqualTo(windows);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"EventID\":5140,\"Channel\":\"security\",\"@timestamp\":\"2020-09-22T18:53:32.341Z\"|EVENT",
        "{\"Channel\":\"security\",\"@timestamp\":\"2020-09-22T18:53:32.341Z\"}|missing_event_id",
        "{\"EventID\":null,\"Channel\":\"security\",\"@timestamp\":\"2020-09-22T18:53:32.341Z\"}|missing_event_id",
        "{\"EventID\":\"51x0\",\"Channel\":\"security\",\"@timestamp\":\"2020-09-22T18:53:32.341Z\"}|invalid_event_id",
        "{\"EventID\":5140.5,\"Channel\":\"security\",\"@timestamp\":\"2020-09-22T18:53:32.341Z\"}|invalid_event_id",
        "{\"EventID\":5140,\"@timestamp\":\"2020-09-22T18:53:32.341Z\"}|missing_channel",
        "{\"EventID\":5140,\"Channel\":7,\"@timestamp\":\"2020-09-22T18:53:32.341Z\"}|missing_channel",
        "{\"EventID\":5140,\"Channel\":\"security\"}|missing_timestamp",
        "{\"EventID\":5140,\"Channel\":\"security\",\"@timestamp\":1600800812341}|invalid_timestamp",
        "{\"EventID\":5140,\"Channel\":\"security\",\"@timestamp\":\"yesterday\"}|invalid_timestamp",
        "{\"EventID\":5140,\"Channel\":\"security\",\"@timestamp\":\"2020-09-22T18:53:32.3\u06641Z\"}|invalid_timestamp",
        "[5140]|not_json_object",
        "' '|blank_line",
      })
  void quarantinesLinesThatAreNotUsableEvents(String line, String expected) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    if (expected.equals("EVENT")) {
      b = (line + "}").getBytes(StandardCharsets.UTF_8);
    }
    DecodeResult r = decoder.decode(b, 0, b.length, "f", 1);
    if (expected.equals("EVENT")) {
      assertThat(r.kind()).isEqualTo(DecodeResult.Kind.EVENT);
    } else {
      assertThat(r.kind()).isEqualTo(DecodeResult.Kind.QUARANTINED);
      assertThat(r.reason()).isEqualTo(expected);
      assertThat(r.detail()).isNotBlank();
    }
  }

  @Test
  void readsATimestampWithOrWithoutEscapesAlike() {
    String plain =
        "{\"EventID\":5140,\"Channel\":\"Security\",\"@timestamp\":\"2020-09-22T18:53:32.341Z\"}";
    String escaped = plain.replace(".341Z", ".341\\u005a");
    for (String line : new String[] {plain, escaped}) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      DecodeResult r = decoder.decode(b, 0, b.length, "f", 1);
      assertThat(r.kind()).as(line).isEqualTo(DecodeResult.Kind.EVENT);
      assertThat(r.event().timestamp).isEqualTo(1_600_800_812_341L);
    }
  }

  @Test
  void checksTheWholeLineEvenWhenNoAnalyticWantsIt() {
    byte[] truncatedBackground =
        "{\"EventID\":12,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Det"
            .getBytes(StandardCharsets.UTF_8);
    DecodeResult r = decoder.decode(truncatedBackground, 0, truncatedBackground.length, "f", 1);
    assertThat(r.kind()).isEqualTo(DecodeResult.Kind.QUARANTINED);
    assertThat(r.reason()).isEqualTo("invalid_json");
  }

  @Test
  void keepsWrongTypedAnalyticFieldsAsMissingButTheMaskNumber() {
    byte[] b =
        ("{\"EventID\":\"5145\",\"Channel\":\"Security\",\"@timestamp\":\"2020-09-22T18:53:32Z\","
                + "\"AccessMask\":2,\"SubjectLogonId\":12345,\"IpPort\":62782,\"ShareName\":null}")
            .getBytes(StandardCharsets.UTF_8);
    DecodeResult r = decoder.decode(b, 0, b.length, "f", 3);
    assertThat(r.kind()).isEqualTo(DecodeResult.Kind.EVENT);
    HostEvent e = r.event();
    assertThat(e.eventId).isEqualTo(5145);
    assertThat(e.accessMaskText).isNull();
    assertThat(e.accessMask).isEqualTo(2);
    assertThat(e.subjectLogonId).isNull();
    assertThat(e.shareName).isNull();
    assertThat(e.ipPort).isEqualTo("62782");
  }

  @Test
  void aMaskListOfOneHexStringIsThatTextAndALongerListHasNone() {
    String base =
        "{\"EventID\":5145,\"Channel\":\"Security\",\"@timestamp\":\"2020-09-22T18:53:32Z\","
            + "\"AccessMask\":MASK}";
    String[][] cases = {
      {"[\"0x2\"]", "0x2", "2"},
      {"[\"0x2\",\"0x4\"]", null, "6"},
      {"[\"%%4417\"]", null, String.valueOf(HostEvent.NO_ACCESS_MASK)},
    };
    for (String[] c : cases) {
      byte[] b = base.replace("MASK", c[0]).getBytes(StandardCharsets.UTF_8);
      HostEvent e = decoder.decode(b, 0, b.length, "f", 1).event();
      assertThat(e.accessMaskText).as(c[0]).isEqualTo(c[1]);
      assertThat(e.accessMask).as(c[0]).isEqualTo(Long.parseLong(c[2]));
    }
  }

  @Test
  void rejectsUninterestingEventsAsNotRelevant() {
    for (String line :
        new String[] {
          "{\"EventID\":5156,\"Channel\":\"Security\",\"@timestamp\":\"2020-09-22T18:53:32Z\"}",
          "{\"EventID\":5140,\"Channel\":\"Application\",\"@timestamp\":\"2020-09-22T18:53:32Z\"}",
          "{\"EventID\":11,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\","
              + "\"@timestamp\":\"2020-09-22T18:53:32Z\",\"Image\":\"C:\\\\x.exe\"}",
          "{\"EventID\":11,\"Channel\":\"Security\",\"@timestamp\":\"2020-09-22T18:53:32Z\","
              + "\"Image\":\"System\"}",
        }) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      assertThat(decoder.decode(b, 0, b.length, "f", 1).kind())
          .as(line)
          .isEqualTo(DecodeResult.Kind.NOT_RELEVANT);
    }
  }
}
