package io.smbhunt.job.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
