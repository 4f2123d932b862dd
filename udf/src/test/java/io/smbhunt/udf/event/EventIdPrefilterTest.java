package io.smbhunt.udf.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdPrefilterTest {

  private static final Path REAL_SAMPLE =
      Path.of("../samples/security-datasets/covenant_copy_smb_CreateRequest_2020-09-22145302.json");

  private static boolean unused(String line) {
    byte[] b = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
    return EventIdPrefilter.isUnusedEvent(b, 2, b.length - 4);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"EventID\":4624,\"Channel\":\"Security\"}",
        "{\"Channel\":\"Security\",\"EventID\":\"4688\"}",
        "{ \"EventID\" : 7 }",
        "{\"ProviderGuid\":\"{5770385F-C22A}\",\"x\":[1,{\"y\":\"}\"}],\"EventID\":12}",
        "{\"Message\":\"a \\\"quote\\\\\",\"EventID\":4624,\"Channel\":\"Security\"}",
        // not validated: a truncated line with an unused id is skipped, not quarantined
        "{\"EventID\":4624,\"Chan",
      })
  void skipsLinesWhoseOnlyTopLevelEventIdIsUnused(String line) {
    assertThat(unused(line)).as(line).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"EventID\":5140,\"Channel\":\"Security\"}",
        "{\"EventID\":\"5145\"}",
        "{\"EventID\":4634}",
        "{\"EventID\":4647}",
        "{\"EventID\":11,\"Image\":\"System\"}",
        "{\"EventID\":0011}",
        // the decoder's other places for the id (Winlogbeat/ECS) are not looked at here
        "{\"winlog\":{\"event_id\":4624,\"channel\":\"Security\"}}",
        "{\"event\":{\"code\":\"4624\"}}",
        // not a top-level key
        "{\"UserData\":{\"EventID\":4624},\"winlog\":{\"event_id\":5140}}",
        "{\"x\":[\"a\",{\"EventID\":4624}],\"EventID\":5140}",
        "{\"x\":\"EventID\",\"EventID\":4624}",
        "[{\"EventID\":4624}]",
        "\"EventID\":4624",
        // a duplicate key leaves the choice to the decoder
        "{\"EventID\":4624,\"EventID\":5140}",
        "{\"EventID\":4624,\"a\":{\"EventID\":1}}",
        // values the decoder does not read as a plain id
        "{\"EventID\":4624.0}",
        "{\"EventID\":-4624}",
        "{\"EventID\":4624e0}",
        "{\"EventID\":null}",
        "{\"EventID\":\"4624 \"}",
        "{\"EventID\":\"\"}",
        "{\"EventID\":12345678901}",
        "{\"EventID\":4624",
        "{\"Message\":\"\\\"EventID\\\":4624\",\"EventID\":5140}",
        "",
        "{}",
      })
  void decodesEverythingElse(String line) {
    assertThat(unused(line)).as(line).isFalse();
  }

  @Test
  void neverSkipsALineTheDecoderWouldUseOnTheRealSampleOrItsMutations() throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (String l : Files.readAllLines(REAL_SAMPLE, StandardCharsets.UTF_8)) {
      lines.add(l.getBytes(StandardCharsets.UTF_8));
    }
    HostEventDecoder decoder = new HostEventDecoder();
    int skipped = 0;
    int used = 0;
    List<byte[]> usedLines = new ArrayList<>();
    for (byte[] line : lines) {
      boolean skip = EventIdPrefilter.isUnusedEvent(line, 0, line.length);
      DecodeResult r = decoder.decode(line, 0, line.length, "sample", 1);
      if (r.kind() == DecodeResult.Kind.EVENT) {
        used++;
        usedLines.add(line);
        assertThat(skip).as(new String(line, StandardCharsets.UTF_8)).isFalse();
      }
      skipped += skip ? 1 : 0;
    }
    assertThat(used).isEqualTo(9);
    // Every other line of the sample has a plain top-level EventID that no analytic reads.
    assertThat(skipped).isEqualTo(lines.size() - 9 - notSkippableUnused(lines, decoder));

    // Seeded mutations of the used lines around the id (digits, quotes, key text, braces):
    // whatever the decoder makes of a mutated line, a line it would use is never skipped.
    Random random = new Random(7);
    byte[] alphabet = "{}[]\",:\\ 0123456789EventIDe.-".getBytes(StandardCharsets.US_ASCII);
    int checked = 0;
    for (int round = 0; round < 40_000; round++) {
      byte[] line = usedLines.get(random.nextInt(usedLines.size())).clone();
      String text = new String(line, StandardCharsets.ISO_8859_1);
      int at = text.indexOf("\"EventID\"");
      int centre = at >= 0 && random.nextBoolean() ? at : random.nextInt(line.length);
      for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
        int p = Math.max(0, Math.min(line.length - 1, centre + random.nextInt(24) - 4));
        line[p] = alphabet[random.nextInt(alphabet.length)];
      }
      DecodeResult r = decoder.decode(line, 0, line.length, "mutated", 1);
      if (r.kind() == DecodeResult.Kind.EVENT) {
        checked++;
        assertThat(EventIdPrefilter.isUnusedEvent(line, 0, line.length))
            .as(new String(line, StandardCharsets.UTF_8))
            .isFalse();
      }
    }
    assertThat(checked).isGreaterThan(10_000);
  }

  /** Lines with an unused id the prefilter still leaves to the decoder (none in this sample). */
  private static int notSkippableUnused(List<byte[]> lines, HostEventDecoder decoder) {
    int n = 0;
    for (byte[] line : lines) {
      DecodeResult r = decoder.decode(line, 0, line.length, "sample", 1);
      if (r.kind() != DecodeResult.Kind.EVENT
          && !EventIdPrefilter.isUnusedEvent(line, 0, line.length)) {
        n++;
      }
    }
    return n;
  }

  @ParameterizedTest
  @CsvSource({
    "abcEventIDxyz,EventID,3",
    "EventID,EventID,0",
    "aaaaaaaaaaaaaaaaaaaaEventI,EventID,-1"
  })
  void findsPatterns(String text, String pattern, int expected) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(
            io.smbhunt.udf.json.Swar.indexOf(
                b, 0, b.length, pattern.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(expected);
  }

  @Test
  void findsPatternsAtEveryPlace() {
    byte[] pattern = "\"EventID\"".getBytes(StandardCharsets.US_ASCII);
    for (int len = pattern.length; len < 40; len++) {
      for (int at = 0; at + pattern.length <= len; at++) {
        byte[] b = new byte[len];
        java.util.Arrays.fill(b, (byte) '"');
        System.arraycopy(pattern, 0, b, at, pattern.length);
        assertThat(io.smbhunt.udf.json.Swar.indexOf(b, 0, len, pattern)).isEqualTo(at);
      }
    }
  }
}
