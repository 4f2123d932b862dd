package io.smbhunt.job.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.flink.core.fs.Path;

/** Which files are packet captures: by name, as capture tools and rotation scripts write them. */
public final class CaptureFiles {

  private static final Pattern CAPTURE =
      Pattern.compile(".*\\.(pcap|pcapng|cap)([0-9]*)(\\.(gz|gzip|bz2|xz|zip))?");

  private CaptureFiles() {}

  /**
   * {@code x.pcap}, {@code x.pcapng}, {@code x.cap}, tcpdump's rotated {@code x.pcap17} ({@code
   * -C}), each plain or compressed.
   */
  public static boolean isCapture(String fileName) {
    return CAPTURE.matcher(fileName.toLowerCase(Locale.ROOT)).matches();
  }

  /**
   * Whether the file holds packet captures: named as one, or a zip or tar whose first file is
   * (Security-Datasets ships a dataset's capture as {@code dataset.zip} holding {@code
   * dataset.cap}). Only the archive's first entry header is read. A file that cannot be read is
   * left to the line reader, which reports it.
   */
  static boolean isCaptureFile(Path file) {
    String name = file.getName();
    if (isCapture(name)) {
      return true;
    }
    if (!Compression.isArchive(name)) {
      return false;
    }
    try (InputStream raw = file.getFileSystem().open(file);
        ArchiveInputStream<?> archive = Compression.openArchive(name, raw)) {
      ArchiveEntry entry;
      while ((entry = archive.getNextEntry()) != null) {
        if (Compression.holdsData(entry)) {
          return isCapture(entry.getName());
        }
      }
      return false;
    } catch (IOException | RuntimeException unreadable) {
      return false;
    }
  }
}
