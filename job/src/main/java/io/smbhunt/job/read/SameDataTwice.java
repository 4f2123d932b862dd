package io.smbhunt.job.read;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.flink.core.fs.Path;

/**
 * Finds inputs that almost surely hold the same data twice. The usual case is a Security-Datasets
 * zip unpacked beside itself ({@code x.zip} and {@code x.json}), or a log kept both plain and
 * gzipped. Both copies would be read, so every detection in them would appear twice, and the seed
 * profile's cross products would grow fourfold. smbhunt reads what it is given, so this only warns.
 *
 * <p>Two copies match when they sit in the same folder (an archive's entries in the archive's) with
 * the same file name (without the compression extension) and the same uncompressed size, not 0.
 * Same-named files in different folders are an archive's daily layout, not copies: a Zeek log of a
 * quiet day is just its header, the same size every day. The check looks only at what is cheap to
 * read: local files, a zip's directory, and a gzip's size trailer. Sizes are compared modulo 2^32,
 * as gzip stores them.
 */
public final class SameDataTwice {

  private SameDataTwice() {}

  /**
   * The warnings for the files under {@code inputs}. Only local inputs are listed here: a bucket of
   * many files would be listed twice (here and by the job), for a check that reads nothing remote.
   */
  public static List<String> amongInputs(List<Path> inputs) {
    List<Path> local = inputs.stream().filter(SameDataTwice::isLocal).toList();
    return local.isEmpty() ? List.of() : warnings(ArchiveSources.files(local));
  }

  /** One line per group of likely copies among {@code files}, naming them; empty when none. */
  public static List<String> warnings(List<Path> files) {
    Map<String, List<String>> copiesByNameAndSize = new LinkedHashMap<>();
    for (Path file : files) {
      if (!isLocal(file)) {
        continue;
      }
      File local = new File(file.toUri().getPath());
      try {
        forEachCopy(
            local,
            (name, size, shownAs) -> {
              if (size > 0) {
                String key = local.getParent() + "\u0000" + name + "\u0000" + (size & 0xFFFF_FFFFL);
                copiesByNameAndSize.computeIfAbsent(key, k -> new ArrayList<>()).add(shownAs);
              }
            });
      } catch (IOException e) {
        // An unreadable file is reported by the reader, with its own reason.
      }
    }
    List<String> warnings = new ArrayList<>();
    for (List<String> copies : copiesByNameAndSize.values()) {
      if (copies.size() > 1) {
        warnings.add(
            String.join(" and ", copies.stream().sorted().toList())
                + " look like the same data (same name and size): both are read, so their"
                + " detections will appear twice; pass only one of them");
      }
    }
    return warnings;
  }

  private static boolean isLocal(Path path) {
    String scheme = path.toUri().getScheme();
    return scheme == null || scheme.equals("file");
  }

  private interface Copy {
    void found(String name, long uncompressedSize, String shownAs);
  }

  /** A tar, a bzip2 or an xz file does not say its uncompressed size cheaply: not checked. */
  private static void forEachCopy(File file, Copy copy) throws IOException {
    String name = file.getName();
    if (Compression.isTar(name)) {
      return;
    }
    switch (Compression.of(name)) {
      case ZIP -> {
        try (ZipFile zip = ZipFile.builder().setFile(file).get()) {
          for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
            ZipArchiveEntry entry = e.nextElement();
            if (Compression.holdsData(entry) && entry.getSize() >= 0) {
              String entryName = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
              copy.found(entryName, entry.getSize(), file + "!/" + entry.getName());
            }
          }
        }
      }
      case GZIP ->
          copy.found(
              name.substring(0, name.lastIndexOf('.')), gzipSizeTrailer(file), file.toString());
      case NONE -> copy.found(name, file.length(), file.toString());
      default -> {}
    }
  }

  /** The uncompressed size modulo 2^32 (ISIZE), the last 4 bytes of a gzip file, little-endian. */
  private static long gzipSizeTrailer(File file) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
      if (in.length() < 18) {
        throw new IOException("too short for a gzip file");
      }
      in.seek(in.length() - 4);
      long size = 0;
      for (int k = 0; k < 4; k++) {
        size |= (long) in.read() << (8 * k);
      }
      return size;
    }
  }
}
