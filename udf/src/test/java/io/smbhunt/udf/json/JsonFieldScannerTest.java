package io.smbhunt.udf.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonFieldScannerTest {

  private static final int NAME = 0;
  private static final int NESTED = 1;
  private static final int NUM = 2;

  private final JsonFieldScanner scanner =
      new JsonFieldScanner(
          List.of(List.of("Name"), List.of("winlog", "event_data", "X"), List.of("N")));

  private boolean scan(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return scanner.scan(b, 0, b.length);
  }

  private boolean scan(byte[] b) {
    return scanner.scan(b, 0, b.length);
  }

  @Test
  void capturesTopLevelAndNestedFieldsAndSkipsTheRest() {
    assertThat(
            scan(
                "{\"a\":[1,{\"b\":null},\"x\"],\"Name\":\"pgustavo\",\"winlog\":{\"event_data\":"
                    + "{\"Y\":1,\"X\":\"0x2\"},\"z\":true},\"N\":-12.5e3}"))
        .isTrue();
    assertThat(scanner.string(NAME)).isEqualTo("pgustavo");
    assertThat(scanner.string(NESTED)).isEqualTo("0x2");
    assertThat(scanner.type(NUM)).isEqualTo(JsonFieldScanner.NUMBER);
    assertThat(scanner.numberText(NUM)).isEqualTo("-12.5e3");
    assertThat(scanner.integer(NUM)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void resetsCapturesBetweenLines() {
    assertThat(scan("{\"Name\":\"a\"}")).isTrue();
    assertThat(scan("{\"Other\":\"a\"}")).isTrue();
    assertThat(scanner.type(NAME)).isEqualTo(JsonFieldScanner.ABSENT);
  }

  @Test
  void unescapesBackslashesAndUnicode() {
    assertThat(scan("{\"Name\":\"\\\\\\\\*\\\\C$ \\u00e9\\ud83d\\ude00 \\\"q\\\" \\t\"}")).isTrue();
    assertThat(scanner.string(NAME)).isEqualTo("\\\\*\\C$ \u00e9\ud83d\ude00 \"q\" \t");
  }

  @Test
  void listsTheElementsOfAnArrayOfStrings() {
    assertThat(scan("{\"Name\": [ \"0x2\" , \"a\\\"b\\\\\" ,\"\u00e9\"]}")).isTrue();
    assertThat(scanner.stringElements(NAME)).containsExactly("0x2", "a\"b\\", "\u00e9");
    assertThat(scan("{\"Name\":[]}")).isTrue();
    assertThat(scanner.stringElements(NAME)).isEmpty();
    assertThat(scan("{\"Name\":[\"a\",2]}")).isTrue();
    assertThat(scanner.stringElements(NAME)).isNull();
    assertThat(scan("{\"Name\":\"a\"}")).isTrue();
    assertThat(scanner.stringElements(NAME)).isNull();
  }

  @Test
  void matchesKeysWrittenWithEscapes() {
    assertThat(scan("{\"N\\u0061me\":\"x\"}")).isTrue();
    assertThat(scanner.string(NAME)).isEqualTo("x");
  }

  @Test
  void keepsMultiByteUtf8() {
    assertThat(scan("{\"Name\":\"Jürgen – 東京\"}")).isTrue();
    assertThat(scanner.string(NAME)).isEqualTo("Jürgen – 東京");
  }

  @Test
  void readsIntegersFromNumbersAndDigitStrings() {
    assertThat(scan("{\"Name\":\"5140\",\"N\":5145}")).isTrue();
    assertThat(scanner.integer(NAME)).isEqualTo(5140);
    assertThat(scanner.integer(NUM)).isEqualTo(5145);
    assertThat(scan("{\"Name\":\"51a0\",\"N\":true}")).isTrue();
    assertThat(scanner.integer(NAME)).isEqualTo(Long.MIN_VALUE);
    assertThat(scanner.integer(NUM)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void comparesIgnoringAsciiCaseWithoutDecoding() {
    assertThat(scan("{\"Name\":\"SeCuRiTy\"}")).isTrue();
    assertThat(scanner.stringEqualsIgnoreCase(NAME, "security".getBytes())).isTrue();
    assertThat(scanner.stringEqualsIgnoreCase(NAME, "securit".getBytes())).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"Name\":\"abc|invalid_json",
        "{\"Name\":\"abc\"|invalid_json",
        "{\"Name\":\"abc\",|invalid_json",
        "{\"Name\" \"abc\"}|invalid_json",
        "{\"Name\":abc}|invalid_json",
        "{\"N\":01}|invalid_json",
        "{\"N\":1.}|invalid_json",
        "{\"N\":-}|invalid_json",
        "{\"N\":1e}|invalid_json",
        "{\"N\":[1,2}|invalid_json",
        "{\"N\":tru}|invalid_json",
        "{\"Name\":\"a\\x\"}|invalid_json",
        "{\"Name\":\"a\\u12g4\"}|invalid_json",
        "{\"Name\":\"a\"} x|invalid_json",
        "{\"Name\":\"a\"}{}|invalid_json",
        "[1,2]|not_json_object",
        "\"text\"|not_json_object",
        "hello|not_json_object",
      })
  void rejectsBrokenJsonWithAReason(String line, String reason) {
    assertThat(scan(line)).isFalse();
    assertThat(scanner.error()).isEqualTo(reason);
    assertThat(scanner.errorDetail()).isNotBlank();
  }

  @Test
  void rejectsBlankLines() {
    assertThat(scan("")).isFalse();
    assertThat(scanner.error()).isEqualTo("blank_line");
    assertThat(scan(" \t\r")).isFalse();
    assertThat(scanner.error()).isEqualTo("blank_line");
  }

  @Test
  void rejectsInvalidUtf8OnTheBytes() {
    byte[][] bad = {
      {(byte) 0xff}, // never valid
      {(byte) 0xc3}, // lead byte without continuation
      {(byte) 0xc0, (byte) 0xaf}, // overlong '/'
      {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, // overlong
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // UTF-16 surrogate
      {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0x80}, // lone continuation
    };
    for (byte[] seq : bad) {
      byte[] line = concat("{\"Name\":\"a".getBytes(), seq, "b\"}".getBytes());
      assertThat(scan(line)).as(Arrays.toString(seq)).isFalse();
      assertThat(scanner.error()).as(Arrays.toString(seq)).isEqualTo("invalid_utf8");
    }
  }

  @Test
  void rejectsNestingBeyondTheLimitWithoutOverflowingTheStack() {
    String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    assertThat(scan(deep)).isFalse();
    assertThat(scanner.error()).isEqualTo("invalid_json");
    assertThat(scanner.errorDetail()).contains("nested deeper");
  }

  @Test
  void scansASliceOfALargerBuffer() {
    byte[] b = "xx{\"Name\":\"mid\"}yy".getBytes(StandardCharsets.UTF_8);
    assertThat(scanner.scan(b, 2, b.length - 4)).isTrue();
    assertThat(scanner.string(NAME)).isEqualTo("mid");
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
