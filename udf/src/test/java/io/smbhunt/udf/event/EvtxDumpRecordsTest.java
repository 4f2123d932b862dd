package io.smbhunt.udf.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** evtx_dump's JSON, on Sigma's regression events (see {@code events/README.md}). */
class EvtxDumpRecordsTest {

  @Test
  void decodesTheSystemAndEventDataObjects() throws IOException {
    List<HostEvent> events = new ArrayList<>();
    try (InputStream in =
        getClass().getResourceAsStream("/events/evtx-dump/sigma-regression.json")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        byte[] b = lines[i].getBytes(StandardCharsets.UTF_8);
        DecodeResult r = new HostEventDecoder().decode(b, 0, b.length, "sigma.json", i + 1);
        assertThat(r.kind())
            .as("line %d: %s", i + 1, r.detail())
            .isEqualTo(DecodeResult.Kind.EVENT);
        events.add(r.event());
      }
    }
    assertThat(events)
        .extracting(
            e -> e.eventId,
            e -> e.host,
            e -> e.subjectUserName,
            e -> e.subjectLogonId,
            e -> e.shareName,
            e -> e.relativeTargetName,
            e -> e.accessMaskText,
            e -> e.ipPort)
        .containsExactly(
            tuple(11, "SigmaCatchVm", null, null, null, null, null, null),
            tuple(
                5145,
                "MSEDGEWIN10",
                "IEUser",
                "0x22329ce",
                "\\\\*\\IPC$",
                "spoolss",
                "0x12019f",
                "51009"),
            tuple(
                5145, "MSEDGEWIN10", "user03", "0x770575", "\\\\*\\IPC$", "samir", "0x3", "49925"),
            tuple(
                5145,
                "01566s-win16-ir.threebeesco.com",
                "backdoor",
                "0x4e5197",
                "\\\\*\\IPC$",
                "protected_storage",
                "0x12019f",
                "52415"),
            tuple(
                5145,
                "01566s-win16-ir.threebeesco.com",
                "samir",
                "0x567758",
                "\\\\*\\C$",
                "Users\\PSAM",
                "0x2",
                "64224"),
            tuple(
                5145,
                "IEWIN7",
                "IEUser",
                "0x162630",
                "\\\\*\\IPC$",
                "blabla-NLLT108334-37048-stdin",
                "0x120196",
                "54765"));
    HostEvent create = events.get(0);
    assertThat(create.channel).isEqualTo("Microsoft-Windows-Sysmon/Operational");
    assertThat(create.image).isEqualTo("System");
    assertThat(create.targetFilename).isEqualTo("C:\\Windows\\PSEXEC-SIGMACATCHVM-3703A8FB.key");
    // SystemTime with 7 fraction digits, cut to the millisecond.
    assertThat(create.timestamp)
        .isEqualTo(Instant.parse("2026-08-30T15:06:50.995Z").toEpochMilli());
    assertThat(events.get(4).timestamp)
        .isEqualTo(Instant.parse("2022-02-16T10:37:20.534Z").toEpochMilli());
  }

  @Test
  void anEventIdWithQualifiersIsReadFromItsText() {
    // evtx_dump writes <EventID Qualifiers="16384">7045</EventID> as an object.
    String line =
        "{\"Event\":{\"System\":{\"EventID\":{\"#attributes\":{\"Qualifiers\":16384},"
            + "\"#text\":%s},\"TimeCreated\":{\"#attributes\":{\"SystemTime\":"
            + "\"2022-02-16T10:37:20.534128Z\"}},\"Channel\":\"%s\",\"Computer\":\"h\"},"
            + "\"EventData\":{\"ShareName\":\"\\\\\\\\*\\\\C$\"}}}";
    HostEventDecoder decoder = new HostEventDecoder();
    byte[] service = String.format(line, "7045", "System").getBytes(StandardCharsets.UTF_8);
    assertThat(decoder.decode(service, 0, service.length, "s", 1).kind())
        .isEqualTo(DecodeResult.Kind.NOT_RELEVANT);
    byte[] share = String.format(line, "5140", "Security").getBytes(StandardCharsets.UTF_8);
    DecodeResult r = decoder.decode(share, 0, share.length, "s", 2);
    assertThat(r.kind()).isEqualTo(DecodeResult.Kind.EVENT);
    assertThat(r.event().eventId).isEqualTo(5140);
    assertThat(r.event().shareName).isEqualTo("\\\\*\\C$");
    byte[] noText =
        String.format(line, "5140", "Security")
            .replace("\"#text\":5140", "\"x\":1")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(decoder.decode(noText, 0, noText.length, "s", 3).reason())
        .isEqualTo("invalid_event_id");
  }

  @Test
  void evtxDumpLinesAreRecognisedAsWindowsEvents() {
    byte[] b = "{\"Event\":{\"System\":{\"EventID\":5145}}}".getBytes(StandardCharsets.UTF_8);
    assertThat(HostEventDecoder.looksLikeWindowsEvent(b, 0, b.length)).isTrue();
  }
}
