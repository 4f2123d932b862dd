package io.smbhunt.udf.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scanner against an independent parser: Jackson decides whether a line is one valid JSON
 * object, the JDK's strict UTF-8 decoder whether its bytes are UTF-8, and Jackson's tree gives the
 * values the scanner must capture. The lines are the real events bundled with the project, and many
 * seeded mutations of them (bytes deleted, inserted, replaced; lines cut; spans repeated), which
 * reach the error paths a hand-written case list would miss.
 *
 * <p>One documented difference: the scanner lets raw control characters stand inside strings (a tab
 * in a Message is not worth losing an event over), so Jackson is told to allow them too.
 */
class JsonFieldScannerDifferentialTest {

  private static final List<List<String>> PATHS =
      List.of(
          List.of("EventID"),
          List.of("Channel"),
          List.of("@timestamp"),
          List.of("Hostname"),
          List.of("SubjectLogonId"),
          List.of("ShareName"),
          List.of("RelativeTargetName"),
          List.of("AccessMask"),
          List.of("Message"),
          List.of("Keywords"),
          List.of("tags"),
          List.of("winlog", "event_id"),
          List.of("winlog", "channel"),
          List.of("winlog", "event_data", "SubjectLogonId"),
          List.of("winlog", "event_data", "AccessList"),
          List.of("event", "code"),
          List.of("host", "name"));

  private static final ObjectMapper JACKSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();

  /** Bytes a mutation inserts: JSON's structure, escapes, digits, and bytes that break UTF-8. */
  private static final byte[] INSERTS = {
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"',
    '\\',
    ' ',
    '\t',
    '0',
    '1',
    '-',
    '.',
    'e',
    'u',
    'n',
    't',
    'f',
    'x',
    (byte) 0x80,
    (byte) 0xc3,
    (byte) 0xa9,
    (byte) 0xe2,
    (byte) 0xed,
    (byte) 0xf4,
    (byte) 0xff
  };

  private final JsonFieldScanner scanner = new JsonFieldScanner(PATHS);

  @Test
  void agreesWithJacksonOnRealLinesAndTheirMutations() throws IOException {
    List<byte[]> lines = realLines();
    assertThat(lines).hasSizeGreaterThan(500);
    SplittableRandom random = new SplittableRandom(20261122L);
    int valid = 0;
    int invalid = 0;
    for (byte[] line : lines) {
      valid += check(line) ? 1 : 0;
    }
    assertThat(valid).as("all real lines are valid").isEqualTo(lines.size());
    for (int i = 0; i < 40_000; i++) {
      byte[] mutant = mutate(lines.get(random.nextInt(lines.size())), random);
      if (check(mutant)) {
        valid++;
      } else {
        invalid++;
      }
    }
    // Both verdicts must be well exercised, or the comparison proves little.
    assertThat(invalid).isGreaterThan(15_000);
    assertThat(valid - lines.size()).isGreaterThan(15_000);
  }

  /** Compares the scanner with the oracle on one line; returns the shared verdict. */
  private boolean check(byte[] line) {
    // Scanned as a slice with bytes around it, so nothing may be read past its end.
    byte[] padded = new byte[line.length + 16];
    Arrays.fill(padded, (byte) '"');
    System.arraycopy(line, 0, padded, 7, line.length);
    boolean scanned = scanner.scan(padded, 7, line.length);
    JsonNode tree = oracle(line);
    String shown = new String(line, StandardCharsets.UTF_8);
    assertThat(scanned)
        .as("scanner %s (%s) on %s", scanned, scanner.errorDetail(), shown)
        .isEqualTo(tree != null);
    if (!scanned) {
      assertThat(scanner.error())
          .as(shown)
          .isIn("invalid_json", "invalid_utf8", "not_json_object", "blank_line");
      return false;
    }
    for (int slot = 0; slot < PATHS.size(); slot++) {
      JsonNode node = tree;
      for (String key : PATHS.get(slot)) {
        node = node == null || !node.isObject() ? null : node.get(key);
      }
      assertCaptured(slot, node, shown);
    }
    return true;
  }

  private void assertCaptured(int slot, JsonNode expected, String shown) {
    byte type = scanner.type(slot);
    String what = PATHS.get(slot) + " in " + shown;
    if (expected == null) {
      assertThat(type).as(what).isEqualTo(JsonFieldScanner.ABSENT);
    } else if (expected.isTextual()) {
      assertThat(scanner.string(slot)).as(what).isEqualTo(expected.textValue());
    } else if (expected.isNumber()) {
      assertThat(type).as(what).isEqualTo(JsonFieldScanner.NUMBER);
      // As doubles: a mutated exponent may be too large for an exact type.
      assertThat(Double.parseDouble(scanner.numberText(slot)))
          .as(what)
          .isEqualTo(expected.doubleValue());
    } else {
      byte want =
          expected.isObject()
              ? JsonFieldScanner.OBJECT
              : expected.isArray()
                  ? JsonFieldScanner.ARRAY
                  : expected.isNull()
                      ? JsonFieldScanner.NULL
                      : expected.booleanValue() ? JsonFieldScanner.TRUE : JsonFieldScanner.FALSE;
      assertThat(type).as(what).isEqualTo(want);
    }
  }

  /** Jackson's tree if the line is exactly one JSON object in valid UTF-8, else null. */
  private static JsonNode oracle(byte[] line) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line));
    } catch (CharacterCodingException e) {
      return null;
    }
    try (JsonParser parser = JACKSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonNode tree = JACKSON.readTree(parser);
      return parser.nextToken() == null && depth(tree) <= 64 ? tree : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static int depth(JsonNode node) {
    int deepest = 0;
    for (JsonNode child : node) {
      deepest = Math.max(deepest, depth(child));
    }
    return node.isContainerNode() ? deepest + 1 : 0;
  }

  private static byte[] mutate(byte[] line, SplittableRandom random) {
    int at = random.nextInt(line.length);
    byte[] out;
    switch (random.nextInt(5)) {
      case 0: // delete one byte
        out = new byte[line.length - 1];
        System.arraycopy(line, 0, out, 0, at);
        System.arraycopy(line, at + 1, out, at, line.length - at - 1);
        return out;
      case 1: // insert one byte
        out = new byte[line.length + 1];
        System.arraycopy(line, 0, out, 0, at);
        out[at] = INSERTS[random.nextInt(INSERTS.length)];
        System.arraycopy(line, at, out, at + 1, line.length - at);
        return out;
      case 2: // replace one byte
        out = line.clone();
        out[at] = INSERTS[random.nextInt(INSERTS.length)];
        return out;
      case 3: // cut the line
        return Arrays.copyOf(line, at);
      default: // repeat a short span, which keeps most lines valid when it is a whole value
        int len = Math.min(line.length - at, 1 + random.nextInt(12));
        out = new byte[line.length + len];
        System.arraycopy(line, 0, out, 0, at + len);
        System.arraycopy(line, at, out, at + len, line.length - at);
        return out;
    }
  }

  private static List<byte[]> realLines() throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (Path file :
        List.of(
            Path.of(
                "../samples/security-datasets/covenant_copy_smb_CreateRequest_2020-09-22145302.json"),
            Path.of("src/test/resources/events/winlogbeat-ecs.json"),
            Path.of("src/test/resources/events/winlogbeat6.json"),
            Path.of("src/test/resources/events/flat-timecreated.json"))) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return lines;
  }
}
