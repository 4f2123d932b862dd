package io.smbhunt.job.read;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;

/** Builds archive fixtures at test time and reads them through the format like Flink does. */
final class ReadFixtures {

  private ReadFixtures() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(RawLine line) {
    return new String(line.bytes, StandardCharsets.UTF_8);
  }

  /** {@code n} distinct numbered lines, each ending in LF. */
  static String numberedLines(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      b.append("{\"n\":")
          .append(i)
          .append(",\"pad\":\"")
          .append("x".repeat(i % 97))
          .append("\"}\n");
    }
    return b.toString();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  static byte[] bzip2(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream bz = new BZip2CompressorOutputStream(out)) {
      bz.write(data);
    }
    return out.toByteArray();
  }

  static byte[] xz(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream xz = new XZCompressorOutputStream(out)) {
      xz.write(data);
    }
    return out.toByteArray();
  }

  /** A zip of name/content pairs; a name ending in '/' becomes a directory entry. */
  static byte[] zip(String... namesAndContents) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry(namesAndContents[i]));
        zip.write(utf8(namesAndContents[i + 1]));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /**
   * A tar of name/content pairs, as GNU and BSD tar write them: a name ending in '/' becomes a
   * directory entry, a name starting with '@' a symbolic link (to the rest of the name).
   */
  static byte[] tar(String... namesAndContents) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (int i = 0; i < namesAndContents.length; i += 2) {
        String name = namesAndContents[i];
        TarArchiveEntry entry;
        if (name.startsWith("@")) {
          entry = new TarArchiveEntry(name.substring(1) + ".link", TarConstants.LF_SYMLINK);
          entry.setLinkName(name.substring(1));
        } else {
          entry = new TarArchiveEntry(name);
        }
        byte[] data = utf8(namesAndContents[i + 1]);
        if (entry.isFile()) {
          entry.setSize(data.length);
        }
        tar.putArchiveEntry(entry);
        if (entry.isFile()) {
          tar.write(data);
        }
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static java.nio.file.Path write(java.nio.file.Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  static Path flinkPath(java.nio.file.Path file) {
    return new Path(file.toUri());
  }

  /** The split Flink's non-splitting enumerator makes for a file. */
  static FileSourceSplit split(java.nio.file.Path file) throws IOException {
    long size = Files.exists(file) ? Files.size(file) : 0;
    return new FileSourceSplit("0", flinkPath(file), 0, size, 0, size);
  }

  static List<RawLine> readAll(java.nio.file.Path file, int maxLineBytes) throws IOException {
    ArchiveLineFormat format = new ArchiveLineFormat(maxLineBytes);
    return drain(format.createReader(new Configuration(), split(file)));
  }

  static List<RawLine> readAll(java.nio.file.Path file) throws IOException {
    return readAll(file, 1024 * 1024);
  }

  static List<RawLine> drain(BulkFormat.Reader<RawLine> reader) throws IOException {
    List<RawLine> lines = new ArrayList<>();
    try (reader) {
      BulkFormat.RecordIterator<RawLine> batch;
      while ((batch = reader.readBatch()) != null) {
        RecordAndPosition<RawLine> record;
        while ((record = batch.next()) != null) {
          lines.add(record.getRecord());
        }
        batch.releaseBatch();
      }
    }
    return lines;
  }
}
