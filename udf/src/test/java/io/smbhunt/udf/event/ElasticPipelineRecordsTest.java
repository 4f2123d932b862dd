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

/**
 * Records as Elastic's own tests expect its Windows pipelines to write them (elastic/beats and
 * elastic/integrations test data, see {@code events/elastic/README.md}): not re-shaped by us.
 */
class ElasticPipelineRecordsTest {

  @Test
  void aShareAccessAfterThePipelineKeepsItsMaskThoughItIsNowAList() throws IOException {
    List<DecodeResult> results = decodeAll("integrations-windows-forwarded-5145.json");
    assertThat(results).hasSize(1);
    HostEvent e = event(results.get(0));
    assertThat(e.eventId).isEqualTo(5145);
    assertThat(e.channel).isEqualTo("Security");
    assertThat(e.host).isEqualTo("FS01.contoso.local");
    assertThat(e.timestamp).isEqualTo(Instant.parse("2021-06-10T14:22:35.123Z").toEpochMilli());
    assertThat(e.subjectUserName).isEqualTo("dadmin");
    assertThat(e.subjectLogonId).isEqualTo("0x32004");
    assertThat(e.shareName).isEqualTo("\\\\*\\Documents");
    assertThat(e.relativeTargetName).isEqualTo("\\reports\\Q1\\summary.docx");
    // "AccessMask":["0x120089"]: the one string Windows logged, so also the seed profile's text.
    assertThat(e.accessMask).isEqualTo(0x120089);
    assertThat(e.accessMaskText).isEqualTo("0x120089");
    // The pipeline moved IpAddress/IpPort to ECS.
    assertThat(e.ipAddress).isEqualTo("192.168.1.50");
    assertThat(e.ipPort).isEqualTo("49152");
  }

  @Test
  void theSameRecordBeforeThePipelineTakesItsTimeFromWinlogTimeCreated() throws IOException {
    List<DecodeResult> results = decodeAll("integrations-windows-forwarded-5145-input.json");
    HostEvent e = event(results.get(0));
    // No @timestamp: winlog.time_created, nanoseconds cut to the millisecond.
    assertThat(e.timestamp).isEqualTo(Instant.parse("2021-06-10T14:22:35.123Z").toEpochMilli());
    assertThat(e.accessMaskText).isEqualTo("0x120089");
    assertThat(e.accessMask).isEqualTo(0x120089);
    assertThat(e.ipAddress).isEqualTo("192.168.1.50");
    assertThat(e.ipPort).isEqualTo("49152");
  }

  @Test
  void logoffsOfBothModuleGenerationsDecode() throws IOException {
    // The 8.x ingest pipeline (ids as strings) and Winlogbeat 7's module (ids as numbers).
    assertThat(decodeAll("beats-security-logoff.json"))
        .extracting(r -> r.kind(), r -> event(r).eventId, r -> event(r).targetLogonId)
        .containsExactly(
            tuple(DecodeResult.Kind.EVENT, 4634, "0x767a77"),
            tuple(DecodeResult.Kind.EVENT, 4634, "0x104a4a6"),
            tuple(DecodeResult.Kind.EVENT, 4634, "0x767a77"),
            tuple(DecodeResult.Kind.EVENT, 4634, "0x104a4a6"));
  }

  @Test
  void eventsWhoseMaskListHoldsAccessRightsAreDecodedAsNotRelevant() throws IOException {
    // 4674s with "AccessMask":["%%1538","%%1542"] and ["1538","1542"]: valid, just not used.
    assertThat(decodeAll("beats-security-4674.json"))
        .extracting(DecodeResult::kind)
        .containsExactly(DecodeResult.Kind.NOT_RELEVANT, DecodeResult.Kind.NOT_RELEVANT);
  }

  private static HostEvent event(DecodeResult r) {
    assertThat(r.kind()).as(r.detail()).isEqualTo(DecodeResult.Kind.EVENT);
    return r.event();
  }

  /** Decodes each line with a decoder of its own, since a decoder reuses its result object. */
  private List<DecodeResult> decodeAll(String fixture) throws IOException {
    List<DecodeResult> results = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/events/elastic/" + fixture)) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        byte[] b = lines[i].getBytes(StandardCharsets.UTF_8);
        DecodeResult r = new HostEventDecoder().decode(b, 0, b.length, fixture, i + 1);
        results.add(r);
      }
    }
    return results;
  }
}
