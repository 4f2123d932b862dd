package io.smbhunt.job.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRecordLinesTest {

  @Test
  void linesPassThroughUnchanged() throws IOException {
    String lines = "  {\"a\":1}\n[\"not\",\"first\"]\n{\"b\":2}\n";
    assertThat(lines(lines, 4096)).isEqualTo(lines);
    assertThat(lines("", 4096)).isEmpty();
    assertThat(lines(" \n\t", 4096)).isEqualTo(" \n\t");
  }

  @Test
  void aOneLineArrayBecomesOneLinePerElement() throws IOException {
    assertThat(lines("[{\"a\":1},{\"b\":[1,{\"c\":\"x]},\"}]} ,  {}]\n", 4096))
        .isEqualTo("{\"a\":1}\n{\"b\":[1,{\"c\":\"x]},\"}]}\n{}\n");
  }

  @Test
  void aPrettyPrintedArrayLosesItsLineBreaksButNoOtherByte() throws IOException {
    String pretty =
        "[\r\n  {\r\n    \"EventID\": 5145,\r\n    \"s\": \"a\\\"\\\\\",\r\n"
            + "    \"l\": [\r\n      1,\r\n      2\r\n    ]\r\n  },\r\n  {\r\n  }\r\n]\r\n";
    assertThat(lines(pretty, 4096))
        .isEqualTo(
            "{    \"EventID\": 5145,    \"s\": \"a\\\"\\\\\",    \"l\": [      1,      2    ]  }\n"
                + "{  }\n");
  }

  @Test
  void prettyPrintedRecordsBecomeOneLineEach() throws IOException {
    // jq . output, one event per file: "{" alone on the first line.
    assertThat(lines("{\n  \"a\": 1\n}\n{ \r\n  \"b\": [\n    \"}\"\n  ]\n}\n", 4096))
        .isEqualTo("{  \"a\": 1}\n{  \"b\": [    \"}\"  ]}\n");
    // A pretty record cut short is one record, to be quarantined whole.
    assertThat(lines("{\n  \"a\": {\n", 4096)).isEqualTo("{  \"a\": {\n");
  }

  @Test
  void aJsonLineStartingWithABraceIsNoPrettyRecord() throws IOException {
    String lines = "{\"a\":\n1}\n{ }\n";
    assertThat(lines(lines, 4096)).isEqualTo(lines);
  }

  @Test
  void aByteOrderMarkIsDroppedBeforeRecordsAndBeforeLines() throws IOException {
    String bom = "\uFEFF";
    // PowerShell's ConvertTo-Json | Out-File -Encoding utf8
    assertThat(lines(bom + "[\r\n  {\r\n    \"a\": 1\r\n  }\r\n]\r\n", 4096))
        .isEqualTo("{    \"a\": 1  }\n");
    assertThat(lines(bom + "{\n\"a\": 1\n}\n", 4096)).isEqualTo("{\"a\": 1}\n");
    assertThat(lines(bom + "{\"a\":1}\n", 4096)).isEqualTo("{\"a\":1}\n");
    assertThat(lines(bom, 4096)).isEmpty();
  }

  @Test
  void jsonLinesAfterAnArrayArePassedOnAsLinesEachQuarantinedOnItsOwn() throws IOException {
    assertThat(lines("[{\"p\":1}]\n{\"b\":\n{\"c\":1}\n{\"d\":2}\n", 4096))
        .isEqualTo("{\"p\":1}\n{\"b\":\n{\"c\":1}\n{\"d\":2}\n");
  }

  @Test
  void evtxDumpsRecordMarksAreDropped() throws IOException {
    // evtx_dump -o json writes "Record N" before each pretty-printed record.
    String dump = "Record 1\r\n{\r\n  \"a\": 1\r\n}\r\nRecord 2\n{\n  \"b\": 2\n}\n";
    assertThat(lines(dump, 4096)).isEqualTo("{  \"a\": 1}\n{  \"b\": 2}\n");
    assertThat(lines("Record one\n{\n}\n", 4096)).isEqualTo("Record one\n{\n}\n");
  }

  @Test
  void strayBracketsAndCommasBetweenRecords() throws IOException {
    // A bracket where a record would start is kept, so the record is quarantined, not lost.
    assertThat(lines("[}]", 4096)).isEqualTo("}\n");
    assertThat(lines("[1}]", 4096)).isEqualTo("1}\n");
    // Commas between top-level values, spacing around scalars.
    assertThat(lines("{\n\"a\":1\n},\n{\n\"b\":2\n}\n", 4096)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
    assertThat(lines("[1 , 2 ],[ \"s\" \n]", 4096)).isEqualTo("1\n2\n\"s\"\n");
  }

  @Test
  void aRecordCutAfterARawLineBreakAddsNoEmptyLine() throws IOException {
    assertThat(lines("[{\"a\":\"x\n", 4096)).isEqualTo("{\"a\":\"x\n");
  }

  @Test
  void readsThatReturnNothingAreNotTheEnd() throws IOException {
    byte[] text = "[{\"a\":1},{\"b\":2}]".getBytes(StandardCharsets.UTF_8);
    InputStream stalling =
        new InputStream() {
          private int pos;
          private boolean stall;

          @Override
          public int read() {
            return pos < text.length ? text[pos++] : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            stall = !stall;
            if (stall && pos > 0) {
              return 0;
            }
            if (pos == text.length) {
              return -1;
            }
            int n = Math.min(Math.min(len, 5), text.length - pos);
            System.arraycopy(text, pos, b, off, n);
            pos += n;
            return n;
          }
        };
    InputStream in = JsonFileLayout.wrap(stalling);
    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}\n{\"b\":2}\n");
    assertThat(in.skip(-1)).isZero();
  }

  @Test
  void scalarElementsAndConcatenatedArrays() throws IOException {
    assertThat(lines("[1, \"two\", null] [true]\n[]", 4096)).isEqualTo("1\n\"two\"\nnull\ntrue\n");
  }

  @Test
  void aTruncatedArrayEndsItsLastElementSoItIsQuarantinedWhole() throws IOException {
    assertThat(lines("[{\"a\":1},{\"b\":\"cut", 4096)).isEqualTo("{\"a\":1}\n{\"b\":\"cut\n");
  }

  @Test
  void bytesAfterTheArrayAreKeptAsLines() throws IOException {
    assertThat(lines("[{\"a\":1}]\ntrailing garbage\n", 4096))
        .isEqualTo("{\"a\":1}\ntrailing garbage\n");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 64})
  void givesTheSameBytesWhateverTheReadSizes(int readSize) throws IOException {
    String pretty = "[\n {\"a\": [1, 2]},\n {\"b\": \"\\\"]\"},\n 3\n]";
    assertThat(lines(pretty, readSize)).isEqualTo(lines(pretty, 4096));
    assertThat(lines(pretty, 4096)).isEqualTo("{\"a\": [1, 2]}\n{\"b\": \"\\\"]\"}\n3\n");
  }

  private static String lines(String text, int readSize) throws IOException {
    InputStream in =
        JsonFileLayout.wrap(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    StringBuilder out = new StringBuilder();
    byte[] buf = new byte[readSize];
    int n;
    while ((n = in.read(buf, 0, readSize)) >= 0) {
      out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
    }
    return out.toString();
  }
}
