package io.smbhunt.job.read;

import static io.smbhunt.job.read.ReadFixtures.bzip2;
import static io.smbhunt.job.read.ReadFixtures.flinkPath;
import static io.smbhunt.job.read.ReadFixtures.gzip;
import static io.smbhunt.job.read.ReadFixtures.numberedLines;
import static io.smbhunt.job.read.ReadFixtures.readAll;
import static io.smbhunt.job.read.ReadFixtures.tar;
import static io.smbhunt.job.read.ReadFixtures.text;
import static io.smbhunt.job.read.ReadFixtures.utf8;
import static io.smbhunt.job.read.ReadFixtures.write;
import static io.smbhunt.job.read.ReadFixtures.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad files end in exactly one failure record after the lines that could be read. */
class ArchiveLineFormatErrorsTest {

  @TempDir Path tmp;

  @Test
  void aCompressedFileWhoseNameDoesNotSaySoIsReadByItsBytes() throws IOException {
    String text = numberedLines(100);
    List<String> expected = text.lines().toList();
    for (String name : new String[] {"rotated-gzip.log", "rotated-bzip2.log"}) {
      byte[] bytes = name.contains("gzip") ? gzip(utf8(text)) : bzip2(utf8(text));
      List<RawLine> lines = readAll(write(tmp.resolve(name), bytes));
      assertThat(lines).extracting(ReadFixtures::text).as(name).isEqualTo(expected);
    }
  }

  @Test
  void aFileInACompressionSmbhuntDoesNotReadIsOneRecordNotLinesOfNoise() throws IOException {
    byte[] zstdFrame = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0x24, 0x05, 0x29, 0x00, 0x00};
    List<RawLine> lines = readAll(write(tmp.resolve("events.json.zst"), zstdFrame));

    RawLine failure = assertEndsInOneFailure(lines, ArchiveLines.UNSUPPORTED_COMPRESSION);
    assertThat(lines).hasSize(1);
    assertThat(failure.readErrorDetail)
        .isEqualTo(
            "The file is zstd-compressed, which smbhunt does not read: decompress it, or"
                + " recompress it with gzip, bzip2 or xz.");
  }

  @Test
  void aGzipWithFlippedBytesKeepsItsEarlyLinesAndReportsOneFailure() throws IOException {
    byte[] gz = gzip(utf8(numberedLines(20_000)));
    for (int k = gz.length / 2; k < gz.length / 2 + 64; k++) {
      gz[k] ^= 0x5a;
    }
    List<RawLine> lines = readAll(write(tmp.resolve("broken.json.gz"), gz));

    assertEndsInOneFailure(lines, ArchiveLines.CORRUPT_COMPRESSED_FILE);
    assertThat(lines.size()).isGreaterThan(1000);
  }

  @Test
  void aTruncatedGzipYieldsExactlyTheLinesBeforeTheCut() throws IOException {
    List<String> original = numberedLines(20_000).lines().toList();
    byte[] gz = gzip(utf8(numberedLines(20_000)));
    Path file = write(tmp.resolve("cut.json.gz"), Arrays.copyOf(gz, gz.length / 2));

    List<RawLine> lines = readAll(file);

    RawLine failure = assertEndsInOneFailure(lines, ArchiveLines.CORRUPT_COMPRESSED_FILE);
    List<String> read =
        lines.subList(0, lines.size() - 1).stream().map(ReadFixtures::text).toList();
    assertThat(read).isNotEmpty().isEqualTo(original.subList(0, read.size()));
    assertThat(failure.source).isEqualTo(flinkPath(file).toString());
    assertThat(failure.readErrorDetail).contains("gzip").contains("while reading line");
  }

  @Test
  void aTruncatedBzip2IsReportedToo() throws IOException {
    byte[] bz = bzip2(utf8(numberedLines(20_000)));
    List<RawLine> lines = readAll(write(tmp.resolve("cut.bz2"), Arrays.copyOf(bz, bz.length / 2)));

    assertEndsInOneFailure(lines, ArchiveLines.CORRUPT_COMPRESSED_FILE);
  }

  @Test
  void aFileNamedGzThatIsNotGzipFailsAtLineOne() throws IOException {
    List<RawLine> lines = readAll(write(tmp.resolve("fake.gz"), utf8("just text\n")));

    assertThat(lines).singleElement().satisfies(l -> assertThat(l.line).isEqualTo(1));
    assertEndsInOneFailure(lines, ArchiveLines.CORRUPT_COMPRESSED_FILE);
  }

  @Test
  void aTruncatedTarKeepsTheEntriesBeforeTheCutAndReportsOneFailure() throws IOException {
    byte[] tar = tar("a.json", "a1\n", "b.json", numberedLines(20_000));
    Path cut = write(tmp.resolve("cut.tar.gz"), gzip(Arrays.copyOf(tar, tar.length / 2)));
    Path notTar = write(tmp.resolve("not.tar"), utf8("{\"EventID\": 4624}\n"));

    List<RawLine> lines = readAll(cut);
    assertThat(lines.get(0)).extracting(ReadFixtures::text, l -> l.line).containsExactly("a1", 1L);
    assertEndsInOneFailure(lines, ArchiveLines.CORRUPT_COMPRESSED_FILE);
    RawLine failure = lines.get(lines.size() - 1);
    assertThat(failure.source).endsWith("cut.tar.gz!/b.json");
    assertThat(failure.readErrorDetail).contains("The gzip tar archive is broken");
    assertEndsInOneFailure(readAll(notTar), ArchiveLines.CORRUPT_COMPRESSED_FILE);
  }

  @Test
  void aBrokenZipIsReportedAfterTheEntriesBeforeIt() throws IOException {
    Path notZip = write(tmp.resolve("not.zip"), utf8("PK? no\n"));
    byte[] zip = zip("a.json", "a1\n", "b.json", numberedLines(20_000));
    Path cut = write(tmp.resolve("cut.zip"), Arrays.copyOf(zip, zip.length / 2));

    assertEndsInOneFailure(readAll(notZip), ArchiveLines.CORRUPT_COMPRESSED_FILE);
    List<RawLine> lines = readAll(cut);
    RawLine failure = assertEndsInOneFailure(lines, ArchiveLines.CORRUPT_COMPRESSED_FILE);
    assertThat(text(lines.get(0))).isEqualTo("a1");
    assertThat(failure.source).endsWith("cut.zip!/b.json");
  }

  @Test
  void aFileThatVanishedAfterEnumerationIsOneUnreadableRecord() throws IOException {
    Path gone = tmp.resolve("rotated-away.json");

    assertThat(readAll(gone))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.readError).isEqualTo(ArchiveLines.UNREADABLE_FILE);
              assertThat(l.source).isEqualTo(flinkPath(gone).toString());
              assertThat(l.line).isEqualTo(1);
              assertThat(l.readErrorDetail).contains("could not be opened");
            });
  }

  @Test
  void aFileWithoutReadPermissionIsOneUnreadableRecord() throws IOException {
    Path locked = write(tmp.resolve("locked.json"), utf8("secret\n"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    // Root reads anything regardless of mode bits; the vanished-file test covers that case.
    Assumptions.assumeFalse(Files.isReadable(locked), "running as root");

    assertEndsInOneFailure(readAll(locked), ArchiveLines.UNREADABLE_FILE);
  }

  @Test
  void anOverLongLineIsCutAndFlaggedAndTheNextLineIsIntact() throws IOException {
    Path file = tmp.resolve("long.json");
    int huge = 5 * 1024 * 1024;
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(utf8("before\n"));
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'a');
      for (int written = 0; written < huge; written += chunk.length) {
        out.write(chunk);
      }
      out.write(utf8("\r\nafter\n"));
    }

    List<RawLine> lines = readAll(file, 1024);

    assertThat(lines).hasSize(3);
    RawLine cut = lines.get(1);
    assertThat(cut.bytes).hasSize(1024).containsOnly((byte) 'a');
    assertThat(cut.length).isEqualTo(huge);
    assertThat(cut.readError).isEqualTo("line_too_long");
    assertThat(cut.readErrorDetail).contains(String.valueOf(huge)).contains("1024");
    assertThat(lines.get(2))
        .extracting(ReadFixtures::text, l -> l.line, l -> l.readError)
        .containsExactly("after", 3L, null);
    assertThat(lines.get(0).readError).isNull();
  }

  @Test
  void theLimitAppliesToTheLineWithoutItsCrLf() throws IOException {
    Path file = write(tmp.resolve("edge.log"), utf8("abcd\r\nabcde\r\nabcd"));

    List<RawLine> lines = readAll(file, 4);

    assertThat(lines)
        .extracting(ReadFixtures::text, l -> l.length, l -> l.readError)
        .containsExactly(
            tuple("abcd", 4L, null), tuple("abcd", 5L, "line_too_long"), tuple("abcd", 4L, null));
  }

  @Test
  void aDecompressorThatThrowsAtRuntimeIsTreatedAsCorruptData() {
    InputStream exploding =
        new InputStream() {
          @Override
          public int read() {
            throw new ArrayIndexOutOfBoundsException("bad bzip2 block");
          }
        };

    assertThatThrownBy(() -> new Compression.Guarded(exploding).read(new byte[8], 0, 8))
        .isInstanceOf(IOException.class)
        .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
  }

  /** Exactly one failure, last, numbered as the line after the ones read from its source. */
  private static RawLine assertEndsInOneFailure(List<RawLine> lines, String reason) {
    assertThat(lines).isNotEmpty();
    RawLine last = lines.get(lines.size() - 1);
    assertThat(last.readError).isEqualTo(reason);
    assertThat(last.readErrorDetail).isNotBlank();
    assertThat(last.bytes).isEmpty();
    assertThat(lines.subList(0, lines.size() - 1))
        .allSatisfy(
            l ->
                assertThat(l.readError)
                    .isNotIn(ArchiveLines.CORRUPT_COMPRESSED_FILE, ArchiveLines.UNREADABLE_FILE));
    long before = lines.stream().filter(l -> l != last && l.source.equals(last.source)).count();
    assertThat(last.line).isEqualTo(before + 1);
    return last;
  }
}
