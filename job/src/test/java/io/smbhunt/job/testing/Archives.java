package io.smbhunt.job.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** One real file packed the ways datasets ship it, for tests that read it through the job. */
public final class Archives {

  private Archives() {}

  /** {@code file} as a {@code .tar.gz} holding {@code data} as {@code entry}. */
  public static Path tarGz(Path file, String entry, byte[] data) throws IOException {
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
      TarArchiveEntry e = new TarArchiveEntry(entry);
      e.setSize(data.length);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return file;
  }

  /** {@code file} as a zip holding {@code data} as {@code entry}. */
  public static Path zip(Path file, String entry, byte[] data) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(data);
      zip.closeEntry();
    }
    return file;
  }

  /**
   * Cuts a classic little-endian pcap into files of {@code packets} packets each ({@code
   * smb.pcap0}, {@code smb.pcap1} … in {@code dir}), as tcpdump -C would.
   */
  public static List<Path> rotatedCapture(Path capture, Path dir, int packets) throws IOException {
    byte[] all = Files.readAllBytes(capture);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != 0xa1b2c3d4) {
      throw new IllegalArgumentException(capture + " is no little-endian microsecond pcap");
    }
    byte[] header = Arrays.copyOf(all, 24);
    Files.createDirectories(dir);
    List<Path> parts = new ArrayList<>();
    int pos = 24;
    while (pos < all.length) {
      ByteArrayOutputStream part = new ByteArrayOutputStream();
      part.write(header);
      for (int n = 0; n < packets && pos < all.length; n++) {
        int captured = b.getInt(pos + 8);
        part.write(all, pos, 16 + captured);
        pos += 16 + captured;
      }
      Path file = dir.resolve("smb.pcap" + parts.size());
      Files.write(file, part.toByteArray());
      parts.add(file);
    }
    return parts;
  }
}
