package io.smbhunt.job.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Line ends, CRs and the size limit land on every side of a buffer refill, so the splitter is
 * checked against an obvious reference on random input with tiny buffers and short reads.
 */
class LineSplitterTest {

  @Test
  void agreesWithAReferenceSplitterOnRandomInput() throws IOException {
    Random random = new Random(42);
    byte[] alphabet = {'a', 'b', '\r', '\n', '\n'};
    for (int round = 0; round < 3000; round++) {
      byte[] data = new byte[random.nextInt(60)];
      for (int i = 0; i < data.length; i++) {
        data[i] = alphabet[random.nextInt(alphabet.length)];
      }
      int max = 1 + random.nextInt(8);
      int buffer = 1 + random.nextInt(9);
      InputStream in = new ShortReads(new ByteArrayInputStream(data), random.nextLong());

      List<String> actual = new ArrayList<>();
      LineSplitter splitter = new LineSplitter(in, max, buffer);
      RawLine line;
      while ((line = splitter.next("s", actual.size() + 1)) != null) {
        actual.add(describe(line.bytes, line.length, line.readError != null));
      }

      assertThat(actual)
          .as("data=%s max=%d buffer=%d", Arrays.toString(data), max, buffer)
          .isEqualTo(reference(data, max));
    }
  }

  /** The mark is dropped by JsonFileLayout.wrap, which every archive stream passes before this. */
  @Test
  void aByteOrderMarkAtTheStartIsDroppedAndAnywhereElseKept() throws IOException {
    String bom = "\uFEFF";
    Random random = new Random(7);
    for (int buffer = 1; buffer <= 9; buffer++) {
      assertThat(lines(bom + "{\"a\":1}\r\n" + bom + "b\n", buffer, random))
          .containsExactly("{\"a\":1}", bom + "b");
      assertThat(lines(bom, buffer, random)).isEmpty();
      assertThat(lines(bom + "\n", buffer, random)).containsExactly("");
      assertThat(lines("a" + bom + "\n", buffer, random)).containsExactly("a" + bom);
    }
    // The first two bytes of a mark, without the third, are data.
    byte[] partial = {(byte) 0xEF, (byte) 0xBB, 'x', '\n'};
    RawLine line =
        new LineSplitter(JsonFileLayout.wrap(new ByteArrayInputStream(partial)), 10, 2)
            .next("s", 1);
    assertThat(line.bytes).containsExactly((byte) 0xEF, (byte) 0xBB, 'x');
  }

  /** The lines of an archive stream as ArchiveLines splits them, read in random short pieces. */
  private static List<String> lines(String text, int buffer, Random random) throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    LineSplitter splitter =
        new LineSplitter(
            JsonFileLayout.wrap(new ShortReads(new ByteArrayInputStream(data), random.nextLong())),
            100,
            buffer);
    List<String> out = new ArrayList<>();
    RawLine line;
    while ((line = splitter.next("s", out.size() + 1)) != null) {
      out.add(new String(line.bytes, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void skippingCountsTheSameLinesAsReading() throws IOException {
    byte[] data = "a\r\n\nbbbbbbbbbbbb\nc".getBytes();
    LineSplitter splitter = new LineSplitter(new ByteArrayInputStream(data), 3, 4);
    int n = 0;
    while (splitter.skip()) {
      n++;
    }
    assertThat(n).isEqualTo(4);
  }

  @Test
  void filteredLinesRideOnTheNextRecordWithTheirFileLineNumbers() throws IOException {
    Random random = new Random(11);
    byte[] alphabet = {'a', 'x', '\r', '\n', '\n'};
    for (int round = 0; round < 3000; round++) {
      byte[] data = new byte[random.nextInt(60)];
      for (int i = 0; i < data.length; i++) {
        data[i] = alphabet[random.nextInt(alphabet.length)];
      }
      int max = 1 + random.nextInt(8);
      LineSplitter splitter =
          new LineSplitter(
              new ShortReads(new ByteArrayInputStream(data), random.nextLong()),
              max,
              1 + random.nextInt(9));
      // Lines starting with 'x' are dropped (a line over the limit never is).
      splitter.skipLinesWhere((b, off, len) -> len > 0 && b[off] == 'x', false);

      List<String> kept = new ArrayList<>();
      long lines = 0;
      long bytes = 0;
      long next = 1;
      RawLine line;
      while ((line = splitter.next("s", next)) != null) {
        assertThat(line.line).isEqualTo(next + line.skippedLines - (line.countOnly ? 1 : 0));
        lines += line.skippedLines;
        bytes += line.skippedBytes;
        if (!line.countOnly) {
          kept.add(line.line + ":" + describe(line.bytes, line.length, line.readError != null));
          lines++;
        }
        next = line.line + 1;
      }

      List<String> all = reference(data, max);
      List<String> expectedKept = new ArrayList<>();
      long expectedSkippedBytes = 0;
      for (int i = 0; i < all.size(); i++) {
        String l = all.get(i);
        if (l.startsWith("x") && !l.endsWith("/long")) {
          expectedSkippedBytes += Long.parseLong(l.substring(l.indexOf('/') + 1)) + 1;
        } else {
          expectedKept.add((i + 1) + ":" + l);
        }
      }
      assertThat(kept).as("data=%s max=%d", Arrays.toString(data), max).isEqualTo(expectedKept);
      assertThat(lines).isEqualTo(all.size());
      assertThat(bytes).isEqualTo(expectedSkippedBytes);
    }
  }

  private static List<String> reference(byte[] data, int max) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      boolean end = i == data.length;
      if (end && i == start) {
        break;
      }
      if (end || data[i] == '\n') {
        int stop = i > start && data[i - 1] == '\r' ? i - 1 : i;
        byte[] whole = Arrays.copyOfRange(data, start, stop);
        byte[] kept = Arrays.copyOf(whole, Math.min(whole.length, max));
        lines.add(describe(kept, whole.length, whole.length > max));
        start = i + 1;
      }
    }
    return lines;
  }

  private static String describe(byte[] bytes, long length, boolean tooLong) {
    return new String(bytes).replace("\r", "\\r") + "/" + length + (tooLong ? "/long" : "");
  }

  /** Returns fewer bytes than asked, as network and decompressing streams do. */
  private static final class ShortReads extends FilterInputStream {
    private final Random random;

    ShortReads(InputStream in, long seed) {
      super(in);
      this.random = new Random(seed);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(len)));
    }
  }
}
