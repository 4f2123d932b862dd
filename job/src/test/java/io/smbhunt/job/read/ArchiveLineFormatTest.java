package io.smbhunt.job.read;

import static io.smbhunt.job.read.ReadFixtures.bzip2;
import static io.smbhunt.job.read.ReadFixtures.concat;
import static io.smbhunt.job.read.ReadFixtures.flinkPath;
import static io.smbhunt.job.read.ReadFixtures.gzip;
import static io.smbhunt.job.read.ReadFixtures.numberedLines;
import static io.smbhunt.job.read.ReadFixtures.readAll;
import static io.smbhunt.job.read.ReadFixtures.tar;
import static io.smbhunt.job.read.ReadFixtures.text;
import static io.smbhunt.job.read.ReadFixtures.utf8;
import static io.smbhunt.job.read.ReadFixtures.write;
import static io.smbhunt.job.read.ReadFixtures.xz;
import static io.smbhunt.job.read.ReadFixtures.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain and compressed files come out as the same numbered byte lines. */
class ArchiveLineFormatTest {

  @TempDir Path tmp;

  @Test
  void producesItsOwnTypeSoNoKryoIsNeededAndLinesAreNotCopied() throws IOException {
    ArchiveLineFormat format = new ArchiveLineFormat(1024);
    assertThat(format.getProducedType()).isSameAs(RawLineTypeInfo.INSTANCE);
    assertThat(format.isSplittable()).isFalse();

    RawLineSerializer serializer = RawLineSerializer.INSTANCE;
    RawLine line =
        new RawLine("f.json.gz", 7, "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    line.format = "windows";
    line.header = "#fields\tts";
    line.readError = "line_too_long";
    line.length = 99;
    line.skippedLines = 5;
    line.skippedBytes = 500;
    line.skippedWereDecoded = true;
    line.event = new io.smbhunt.udf.event.HostEvent();
    line.event.source = "f.json.gz";
    line.event.line = 7;
    line.event.eventId = 5140;
    assertThat(serializer.copy(line)).isSameAs(line); // immutable: handed over, not copied
    org.apache.flink.core.memory.DataOutputSerializer out =
        new org.apache.flink.core.memory.DataOutputSerializer(64);
    serializer.serialize(line, out);
    RawLine back =
        serializer.deserialize(
            new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(back).usingRecursiveComparison().isEqualTo(line);
  }

  @Test
  void plainLinesAreNumberedFromOneWithTheirSource() throws IOException {
    Path file = write(tmp.resolve("a.json"), utf8("{\"a\":1}\n{\"b\":2}\n"));

    assertThat(readAll(file))
        .extracting(l -> l.source, l -> l.line, ReadFixtures::text, l -> l.length, l -> l.readError)
        .containsExactly(
            tuple(flinkPath(file).toString(), 1L, "{\"a\":1}", 7L, null),
            tuple(flinkPath(file).toString(), 2L, "{\"b\":2}", 7L, null));
  }

  @Test
  void crlfIsStrippedButALoneCrInsideALineStays() throws IOException {
    Path file = write(tmp.resolve("crlf.log"), utf8("one\r\ntw\ro\r\n\r\nlast\r"));

    assertThat(readAll(file))
        .extracting(ReadFixtures::text)
        .containsExactly("one", "tw\ro", "", "last");
  }

  @Test
  void blankLinesAreEmittedSoEveryPhysicalLineIsCounted() throws IOException {
    Path file = write(tmp.resolve("blank.log"), utf8("\nx\n\n\ny\n"));

    assertThat(readAll(file))
        .extracting(l -> l.line, ReadFixtures::text)
        .containsExactly(
            tuple(1L, ""), tuple(2L, "x"), tuple(3L, ""), tuple(4L, ""), tuple(5L, "y"));
  }

  @Test
  void aMissingFinalNewlineStillEndsALineButAFinalNewlineAddsNone() throws IOException {
    Path without = write(tmp.resolve("no-eol.log"), utf8("a\nb"));
    Path with = write(tmp.resolve("eol.log"), utf8("a\nb\n"));

    assertThat(readAll(without)).extracting(ReadFixtures::text).containsExactly("a", "b");
    assertThat(readAll(with)).extracting(ReadFixtures::text).containsExactly("a", "b");
  }

  @Test
  void anEmptyFileHasNoLinesWhateverItsExtension() throws IOException {
    for (String name : List.of("empty.json", "empty.json.gz", "empty.bz2", "empty.xz", "e.zip")) {
      assertThat(readAll(write(tmp.resolve(name), new byte[0]))).as(name).isEmpty();
    }
  }

  @Test
  void invalidUtf8IsPassedOnAsBytes() throws IOException {
    byte[] bad = {'a', (byte) 0xC3, (byte) 0x28, 'b', '\n'};
    Path file = write(tmp.resolve("bad.log"), bad);

    assertThat(readAll(file)).singleElement().satisfies(l -> assertThat(l.bytes).hasSize(4));
  }

  @Test
  void gzipIsDecompressedIncludingEveryMemberOfAMultiMemberFile() throws IOException {
    String first = numberedLines(3000);
    Path single = write(tmp.resolve("one.json.gz"), gzip(utf8(first)));
    Path multi =
        write(tmp.resolve("multi.JSON.GZIP"), concat(gzip(utf8(first)), gzip(utf8("tail\n"))));

    assertThat(readAll(single))
        .extracting(ReadFixtures::text)
        .containsExactlyElementsOf(lines(first));
    List<RawLine> all = readAll(multi);
    assertThat(all).hasSize(3001);
    assertThat(all.get(3000))
        .extracting(ReadFixtures::text, l -> l.line)
        .containsExactly("tail", 3001L);
  }

  @Test
  void bzip2IsDecompressedIncludingConcatenatedStreams() throws IOException {
    String content = numberedLines(500);
    Path file = write(tmp.resolve("a.log.bz2"), concat(bzip2(utf8(content)), bzip2(utf8("z\n"))));

    List<RawLine> all = readAll(file);
    assertThat(all).hasSize(501);
    assertThat(all.subList(0, 500))
        .extracting(ReadFixtures::text)
        .containsExactlyElementsOf(lines(content));
    assertThat(text(all.get(500))).isEqualTo("z");
  }

  @Test
  void xzIsDecompressed() throws IOException {
    String content = numberedLines(500);
    Path file = write(tmp.resolve("a.log.XZ"), xz(utf8(content)));

    assertThat(readAll(file))
        .extracting(ReadFixtures::text)
        .containsExactlyElementsOf(lines(content));
  }

  @Test
  void aZipWithOneEntryIsReadAsThatEntry() throws IOException {
    Path file = write(tmp.resolve("ds.zip"), zip("ds.json", "{\"a\":1}\n{\"a\":2}\n"));
    String source = flinkPath(file) + "!/ds.json";

    assertThat(readAll(file))
        .extracting(l -> l.source, l -> l.line, ReadFixtures::text)
        .containsExactly(tuple(source, 1L, "{\"a\":1}"), tuple(source, 2L, "{\"a\":2}"));
  }

  @Test
  void everyFileEntryOfAZipIsReadInOrderWithItsOwnLineNumbers() throws IOException {
    Path file =
        write(
            tmp.resolve("two.zip"),
            zip(
                "dir/",
                "",
                "dir/b.json",
                "b1\nb2\n",
                "a.json",
                "a1\na2\na3",
                "empty.json",
                "",
                // macOS resource forks: skipped, they are never log lines
                "__MACOSX/",
                "",
                "__MACOSX/._a.json",
                "\u0000\u0005Mac OS X"));
    String zip = flinkPath(file).toString();

    assertThat(readAll(file))
        .extracting(l -> l.source, l -> l.line, ReadFixtures::text)
        .containsExactly(
            tuple(zip + "!/dir/b.json", 1L, "b1"),
            tuple(zip + "!/dir/b.json", 2L, "b2"),
            tuple(zip + "!/a.json", 1L, "a1"),
            tuple(zip + "!/a.json", 2L, "a2"),
            tuple(zip + "!/a.json", 3L, "a3"));
  }

  @Test
  void everyFileOfATarIsReadInOrderPlainOrCompressed() throws IOException {
    byte[] tar =
        tar(
            "ds/",
            "",
            "ds/host.json",
            "h1\nh2\n",
            "@ds/host.json",
            "",
            "._host.json",
            "\u0000\u0005Mac OS X",
            // longer than the 100 bytes of a tar header's name field: a PAX header carries it
            "ds/" + "n".repeat(120) + ".json",
            "n1");
    for (Path file :
        List.of(
            write(tmp.resolve("ds.tar"), tar),
            write(tmp.resolve("ds.tar.gz"), gzip(tar)),
            write(tmp.resolve("ds.TGZ"), gzip(tar)),
            write(tmp.resolve("ds.tar.bz2"), bzip2(tar)),
            write(tmp.resolve("ds.txz"), xz(tar)))) {
      String archive = flinkPath(file).toString();
      assertThat(readAll(file))
          .as(file.getFileName().toString())
          .extracting(l -> l.source, l -> l.line, ReadFixtures::text, l -> l.readError)
          .containsExactly(
              tuple(archive + "!/ds/host.json", 1L, "h1", null),
              tuple(archive + "!/ds/host.json", 2L, "h2", null),
              tuple(archive + "!/ds/" + "n".repeat(120) + ".json", 1L, "n1", null));
    }
    assertThat(readAll(write(tmp.resolve("empty.tar"), tar()))).isEmpty();
  }

  /** A capture after log lines in an archive is one record saying so, not garbage lines. */
  @Test
  void aCaptureInsideAnArchiveOfLinesIsReportedNotReadAsLines() throws IOException {
    Path file =
        write(
            tmp.resolve("mixed.zip"),
            zip("a.json", "a1\n", "b.pcap", "\u00d4\u00c3\u00b2\u00a1\n\n", "c.json", "c1"));
    String zip = flinkPath(file).toString();

    assertThat(readAll(file))
        .extracting(l -> l.source, l -> l.line, ReadFixtures::text, l -> l.readError)
        .containsExactly(
            tuple(zip + "!/a.json", 1L, "a1", null),
            tuple(zip + "!/b.pcap", 1L, "", ArchiveLines.CAPTURE_IN_LINE_ARCHIVE),
            tuple(zip + "!/c.json", 1L, "c1", null));
  }

  /** Whether a file is decompressed ahead on a thread of its own changes nothing it yields. */
  @Test
  void readingAheadOrNotGivesTheSameRecordsFailuresIncluded() throws IOException {
    String text = numberedLines(30_000);
    byte[] gz = gzip(utf8(text));
    List<Path> files =
        List.of(
            write(tmp.resolve("a.json.gz"), gz),
            write(tmp.resolve("cut.json.gz"), java.util.Arrays.copyOf(gz, gz.length / 2)),
            write(tmp.resolve("b.log.bz2"), bzip2(utf8(text))),
            write(tmp.resolve("c.zip"), zip("x.json", text, "y.json", "y1\n")),
            write(tmp.resolve("d.tar.xz"), xz(tar("x.json", text, "y.json", "y1\n"))));
    for (Path file : files) {
      List<String> ahead = records(file, true);
      assertThat(ahead).as(file.getFileName().toString()).hasSizeGreaterThan(1000);
      assertThat(ahead).isEqualTo(records(file, false));
    }
  }

  private static List<String> records(Path file, boolean readAhead) throws IOException {
    List<String> out = new java.util.ArrayList<>();
    try (ArchiveLines lines = new ArchiveLines(flinkPath(file), 1 << 20, null, false, readAhead)) {
      RawLine line;
      while ((line = lines.next()) != null) {
        out.add(line.source + ":" + line.line + ":" + text(line) + ":" + line.readError);
      }
    }
    return out;
  }

  @Test
  void aByteOrderMarkStartsNoLineOfAFileOrOfAnEntry() throws IOException {
    String bom = "\uFEFF";
    Path plain = write(tmp.resolve("bom.json"), utf8(bom + "{\"a\":1}\r\n{\"a\":2}\r\n"));
    Path gz = write(tmp.resolve("bom.json.gz"), gzip(utf8(bom + "{\"a\":1}\n")));
    Path zip = write(tmp.resolve("bom.zip"), zip("a.json", bom + "a1\n", "b.json", bom + "b1\n"));

    assertThat(readAll(plain))
        .extracting(ReadFixtures::text)
        .containsExactly("{\"a\":1}", "{\"a\":2}");
    assertThat(readAll(gz)).extracting(ReadFixtures::text).containsExactly("{\"a\":1}");
    assertThat(readAll(zip)).extracting(ReadFixtures::text).containsExactly("a1", "b1");
  }

  @Test
  void readsTheWholeRealZeekSmbMappingLog() throws IOException {
    Path real = Path.of("/work/shared/data/real/zeek_wrccdc2018/zeek-default/smb_mapping.log.gz");
    if (!Files.isReadable(real)) {
      // The byte-for-byte copy bundled with the repository (samples/README.md).
      real = Path.of("../samples/zeek-wrccdc2018/zeek-default/smb_mapping.log.gz");
    }
    // Counted independently of the format, like `zcat smb_mapping.log.gz | wc -l` (402).
    long newlines = 0;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(real))) {
      int b;
      while ((b = in.read()) >= 0) {
        newlines += b == '\n' ? 1 : 0;
      }
    }

    List<RawLine> lines = readAll(real);
    assertThat(lines).hasSize((int) newlines).allMatch(l -> l.readError == null);
    assertThat(text(lines.get(0))).startsWith("#separator");
    assertThat(lines.get(lines.size() - 1).line).isEqualTo(newlines);
  }

  private static List<String> lines(String content) {
    return content.lines().toList();
  }
}
