package io.smbhunt.job.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture file that cannot be read: one failure record, and nothing left open. */
class CapturePacketFormatTest {

  @TempDir Path dir;

  @Test
  void aCaptureTheDecompressorRefusesIsOneRecordAndItsFileIsClosed() throws Exception {
    Path bad = dir.resolve("sensor-1.pcap.gz");
    Files.write(bad, "this is not gzip".getBytes(StandardCharsets.US_ASCII));

    List<CapturedPacket> records = readAll(bad);

    assertThat(records).hasSize(1);
    assertThat(records.get(0).readError).isEqualTo("corrupt_compressed_file");
    assertThat(records.get(0).source).endsWith("sensor-1.pcap.gz");
    assertThat(openDescriptorsOf(bad)).as("descriptors still open on the file").isZero();
  }

  @Test
  void aCorruptArchiveOfCapturesIsOneRecordAndItsFileIsClosed() throws Exception {
    Path bad = dir.resolve("dataset.tar.gz");
    Files.write(bad, "neither gzip nor tar".getBytes(StandardCharsets.US_ASCII));

    List<CapturedPacket> records = readAll(bad);

    assertThat(records).extracting(r -> r.readError).containsExactly("corrupt_compressed_file");
    assertThat(openDescriptorsOf(bad)).as("descriptors still open on the file").isZero();
  }

  private static List<CapturedPacket> readAll(Path file) throws IOException {
    long size = Files.size(file);
    FileSourceSplit split =
        new FileSourceSplit("0", new org.apache.flink.core.fs.Path(file.toUri()), 0, size, 0, size);
    List<CapturedPacket> out = new ArrayList<>();
    BulkFormat.Reader<CapturedPacket> reader =
        new CapturePacketFormat().createReader(new Configuration(), split);
    try {
      BulkFormat.RecordIterator<CapturedPacket> batch;
      while ((batch = reader.readBatch()) != null) {
        RecordAndPosition<CapturedPacket> r;
        while ((r = batch.next()) != null) {
          out.add(r.getRecord());
        }
        batch.releaseBatch();
      }
    } finally {
      reader.close();
    }
    return out;
  }

  /** How many of this process's file descriptors point at {@code file} (Linux). */
  private static long openDescriptorsOf(Path file) throws IOException {
    Path real = file.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException e) {
                  return false; // closed while we looked
                }
              })
          .count();
    }
  }
}
