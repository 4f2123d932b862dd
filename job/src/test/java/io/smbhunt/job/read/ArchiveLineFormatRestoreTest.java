package io.smbhunt.job.read;

import static io.smbhunt.job.read.ReadFixtures.drain;
import static io.smbhunt.job.read.ReadFixtures.gzip;
import static io.smbhunt.job.read.ReadFixtures.numberedLines;
import static io.smbhunt.job.read.ReadFixtures.split;
import static io.smbhunt.job.read.ReadFixtures.tar;
import static io.smbhunt.job.read.ReadFixtures.utf8;
import static io.smbhunt.job.read.ReadFixtures.write;
import static io.smbhunt.job.read.ReadFixtures.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore from the position Flink checkpoints after any record neither loses nor repeats. */
class ArchiveLineFormatRestoreTest {

  private static final ArchiveLineFormat FORMAT = new ArchiveLineFormat(1024 * 1024);

  @TempDir Path tmp;

  @Test
  void batchesAreBoundedAndPositionsCountEmittedRecords() throws IOException {
    Path file = write(tmp.resolve("a.json"), utf8(numberedLines(2500)));
    BulkFormat.Reader<RawLine> reader = FORMAT.createReader(new Configuration(), split(file));

    List<Integer> sizes = new ArrayList<>();
    long expectedSkip = 0;
    BulkFormat.RecordIterator<RawLine> batch;
    while ((batch = reader.readBatch()) != null) {
      int n = 0;
      RecordAndPosition<RawLine> r;
      while ((r = batch.next()) != null) {
        n++;
        expectedSkip++;
        assertThat(r.getOffset()).isEqualTo(CheckpointedPosition.NO_OFFSET);
        assertThat(r.getRecordSkipCount()).isEqualTo(expectedSkip);
        assertThat(r.getRecord().line).isEqualTo(expectedSkip);
      }
      sizes.add(n);
    }
    reader.close();
    assertThat(sizes).containsExactly(1024, 1024, 452);
  }

  @Test
  void restoringMidBatchResumesRightAfterTheLastEmittedLine() throws IOException {
    Path file = write(tmp.resolve("a.json.gz"), gzip(utf8(numberedLines(2500))));
    List<String> all = texts(drain(FORMAT.createReader(new Configuration(), split(file))));

    for (int emitted : new int[] {1, 700, 1024, 1500, 2499, 2500}) {
      assertThat(readThenRestore(split(file), emitted)).as("after %d", emitted).isEqualTo(all);
    }
  }

  @Test
  void restoringASkippingReaderResumesWithTheSameRecordsAndCounts() throws IOException {
    ArchiveLineFormat skipping = new ArchiveLineFormat(1024 * 1024, Map.of(), true);
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 3000; i++) {
      int id = i % 7 == 0 ? 5140 : 4624;
      text.append("{\"EventID\":").append(id).append(",\"n\":").append(i).append("}\n");
    }
    text.append("{\"EventID\":4688}\n"); // the file ends with skipped lines
    Path file = write(tmp.resolve("s.json.gz"), gzip(utf8(text.toString())));
    List<String> all = describe(drain(skipping.createReader(new Configuration(), split(file))));
    // The first line tells the file's format and is always decoded; then 428 used lines (every
    // 7th) carry the lines skipped before them, and a last record only the skipped tail.
    assertThat(all).hasSize(430);
    assertThat(all.get(0)).isEqualTo("1+0:{\"EventID\":4624,\"n\":1}");
    assertThat(all.get(1)).isEqualTo("7+5:{\"EventID\":5140,\"n\":7}");
    assertThat(all.get(429)).isEqualTo("3001+5:(count only)");

    for (int emitted : new int[] {1, 2, 100, 429, 430}) {
      assertThat(describe(readThenRestoreLines(skipping, split(file), emitted)))
          .as("after %d", emitted)
          .isEqualTo(all);
    }
  }

  /**
   * By default the reader decodes every Windows event line and counts there the valid ones no
   * analytic uses; used events and lines to quarantine go on with the count of those before them.
   */
  @Test
  void theReaderCountsValidUnusedEventsAndPassesOnUsedAndBadLines() throws IOException {
    int n = 2999; // the file ends with counted lines
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    long counted = 0;
    for (int i = 1; i <= n; i++) {
      String time = i % 61 == 0 ? "" : "\"@timestamp\":\"2020-09-22T18:53:32.341Z\",";
      String line =
          "{\"EventID\":"
              + (i % 7 == 0 ? 5140 : 4624)
              + ",\"Channel\":\"Security\","
              + time
              + "\"n\":"
              + i
              + (i % 50 == 0 ? "" : "}"); // every 50th is cut short
      text.append(line).append('\n');
      boolean passedOn = i == 1 || i % 7 == 0 || i % 61 == 0 || i % 50 == 0;
      if (passedOn) {
        expected.add(i + "+" + counted + ":" + line);
        counted = 0;
      } else {
        counted++;
      }
    }
    expected.add(n + "+" + counted + ":(count only)");
    Path file = write(tmp.resolve("d.json.gz"), gzip(utf8(text.toString())));

    List<RawLine> read = drain(FORMAT.createReader(new Configuration(), split(file)));

    assertThat(describe(read)).isEqualTo(expected);
    assertThat(read).filteredOn(l -> l.skippedLines > 0).allMatch(l -> l.skippedWereDecoded);
    // A used event travels with its line, so nothing parses the line again; bad lines are left
    // to the decoding task, as is the first line (read before the file's format was known).
    assertThat(read.get(0).event).isNull();
    for (RawLine l : read.subList(1, read.size() - 1)) {
      boolean bad = l.line % 50 == 0 || l.line % 61 == 0;
      assertThat(l.readError).isNull();
      if (bad) {
        assertThat(l.event).as("line %d", l.line).isNull();
      } else {
        assertThat(l.event.line).as("line %d", l.line).isEqualTo(l.line);
        assertThat(l.event.eventId).isEqualTo(5140);
        assertThat(l.event.source).isEqualTo(l.source);
      }
    }
    for (int emitted : new int[] {1, 2, 100, expected.size() - 1, expected.size()}) {
      assertThat(describe(readThenRestoreLines(FORMAT, split(file), emitted)))
          .as("after %d", emitted)
          .isEqualTo(expected);
    }
  }

  private static List<String> describe(List<RawLine> lines) {
    return lines.stream()
        .map(
            l ->
                l.line
                    + "+"
                    + l.skippedLines
                    + ":"
                    + (l.countOnly ? "(count only)" : ReadFixtures.text(l)))
        .toList();
  }

  @Test
  void restoringAZipOrATarResumesInsideTheRightEntry() throws IOException {
    String[] entries = {"a.json", numberedLines(1500), "b.json", "b1\nb2\n"};
    for (Path file :
        List.of(
            write(tmp.resolve("d.zip"), zip(entries)),
            write(tmp.resolve("d.tar.gz"), gzip(tar(entries))))) {
      List<RawLine> all = drain(FORMAT.createReader(new Configuration(), split(file)));
      assertThat(all).hasSize(1502);

      for (int emitted : new int[] {1, 1499, 1500, 1501, 1502}) {
        List<RawLine> restored = readThenRestoreLines(split(file), emitted);
        assertThat(restored)
            .extracting(l -> l.source + ":" + l.line)
            .as("%s after %d", file.getFileName(), emitted)
            .isEqualTo(all.stream().map(l -> l.source + ":" + l.line).toList());
      }
    }
  }

  @Test
  void restoringAfterTheFailureOfABrokenFileDoesNotReportItTwice() throws IOException {
    byte[] gz = gzip(utf8(numberedLines(5000)));
    Path file = write(tmp.resolve("cut.json.gz"), Arrays.copyOf(gz, gz.length / 2));
    List<RawLine> all = drain(FORMAT.createReader(new Configuration(), split(file)));
    assertThat(all.get(all.size() - 1).readError).isEqualTo(ArchiveLines.CORRUPT_COMPRESSED_FILE);

    assertThat(readThenRestoreLines(split(file), all.size())).hasSize(all.size());
    assertThat(readThenRestoreLines(split(file), all.size() - 1)).hasSize(all.size());
  }

  @Test
  void aByteOffsetFromSomeOtherFormatIsRefused() throws IOException {
    Path file = write(tmp.resolve("a.json"), utf8("x\n"));
    FileSourceSplit split =
        split(file).updateWithCheckpointedPosition(new CheckpointedPosition(10, 0));

    assertThatThrownBy(() -> FORMAT.restoreReader(new Configuration(), split))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("record counts");
  }

  private static List<String> readThenRestore(FileSourceSplit split, int emitted)
      throws IOException {
    return texts(readThenRestoreLines(split, emitted));
  }

  /** Emits {@code emitted} records, checkpoints like Flink, restores and reads the rest. */
  private static List<RawLine> readThenRestoreLines(FileSourceSplit split, int emitted)
      throws IOException {
    return readThenRestoreLines(FORMAT, split, emitted);
  }

  private static List<RawLine> readThenRestoreLines(
      ArchiveLineFormat format, FileSourceSplit split, int emitted) throws IOException {
    List<RawLine> seen = new ArrayList<>();
    CheckpointedPosition position = null;
    try (BulkFormat.Reader<RawLine> reader = format.createReader(new Configuration(), split)) {
      BulkFormat.RecordIterator<RawLine> batch;
      outer:
      while ((batch = reader.readBatch()) != null) {
        RecordAndPosition<RawLine> r;
        while ((r = batch.next()) != null) {
          seen.add(r.getRecord());
          position = new CheckpointedPosition(r.getOffset(), r.getRecordSkipCount());
          if (seen.size() == emitted) {
            break outer;
          }
        }
      }
    }
    FileSourceSplit restored = split.updateWithCheckpointedPosition(position);
    seen.addAll(drain(format.restoreReader(new Configuration(), restored)));
    return seen;
  }

  private static List<String> texts(List<RawLine> lines) {
    return lines.stream().map(ReadFixtures::text).toList();
  }
}
