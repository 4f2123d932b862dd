package io.smbhunt.job.read;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** How a file is stored, told by its name's extension (case-insensitive). */
public enum Compression {
  NONE("plain"),
  GZIP("gzip"),
  BZIP2("bzip2"),
  XZ("xz"),
  ZIP("zip");

  private static final int GZIP_BUFFER_BYTES = 64 * 1024;

  final String label;

  Compression(String label) {
    this.label = label;
  }

  static Compression of(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz") || name.endsWith(".gzip") || name.endsWith(".tgz")) {
      return GZIP;
    } else if (name.endsWith(".bz2") || name.endsWith(".tbz2") || name.endsWith(".tbz")) {
      return BZIP2;
    } else if (name.endsWith(".xz") || name.endsWith(".txz")) {
      return XZ;
    } else if (name.endsWith(".zip")) {
      return ZIP;
    }
    return NONE;
  }

  /**
   * The compression a file's first bytes show, for a file whose name shows none: a log rotated to a
   * name without {@code .gz}, or a format smbhunt does not read. {@link #NONE} for text.
   *
   * @throws UnsupportedCompressionException for zstd, lz4, 7z and rar, which would otherwise be
   *     read as lines of noise
   */
  static Compression ofContent(byte[] head, int n) {
    if (startsWith(head, n, 0x1F, 0x8B)) {
      return GZIP;
    } else if (startsWith(head, n, 'B', 'Z', 'h')) {
      return BZIP2;
    } else if (startsWith(head, n, 0xFD, '7', 'z', 'X', 'Z', 0x00)) {
      return XZ;
    } else if (startsWith(head, n, 0x28, 0xB5, 0x2F, 0xFD)) {
      throw new UnsupportedCompressionException("zstd");
    } else if (startsWith(head, n, 0x04, 0x22, 0x4D, 0x18)) {
      throw new UnsupportedCompressionException("lz4");
    } else if (startsWith(head, n, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) {
      throw new UnsupportedCompressionException("7z");
    } else if (startsWith(head, n, 'R', 'a', 'r', '!')) {
      throw new UnsupportedCompressionException("rar");
    }
    return NONE;
  }

  /** How many bytes {@link #ofContent} looks at. */
  static final int MAGIC_BYTES = 6;

  private static boolean startsWith(byte[] head, int n, int... magic) {
    if (n < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** A compressed file in a format smbhunt does not decompress. */
  static final class UnsupportedCompressionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedCompressionException(String format) {
      super(format);
    }
  }

  /** Whether the file's bytes are compressed (for a progress estimate; archives included). */
  public static boolean isCompressed(String fileName) {
    return of(fileName) != NONE;
  }

  /**
   * Whether the file is a tar archive, plain or compressed: the older Mordor datasets ship as
   * {@code .tar.gz}, one JSON file in each.
   */
  static boolean isTar(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    return name.endsWith(".tar") || name.matches(".*\\.(tar\\.(gz|gzip|bz2|xz)|tgz|tbz2?|txz)");
  }

  /**
   * Wraps the raw file in its decompressor. The concatenated-stream flags matter: pigz, pbzip2 and
   * log rotation write multi-member files, and without them everything after the first member would
   * be dropped without a word.
   */
  InputStream open(InputStream raw) throws IOException {
    return switch (this) {
      case NONE -> raw;
      case GZIP -> new Guarded(new GZIPInputStream(raw, GZIP_BUFFER_BYTES));
      case BZIP2 -> new Guarded(new BZip2CompressorInputStream(raw, true));
      case XZ -> new Guarded(new XZCompressorInputStream(raw, true));
      case ZIP -> throw new IllegalStateException("a zip is read entry by entry: use openArchive");
    };
  }

  /** Whether the file is read entry by entry: a zip, or a tar plain or compressed. */
  static boolean isArchive(String fileName) {
    return of(fileName) == ZIP || isTar(fileName);
  }

  /**
   * The entries of a zip or tar ({@link #isArchive}), in order, from the file's raw bytes. Read as
   * a stream, since the file system may not be seekable; names are taken as UTF-8.
   */
  static ArchiveInputStream<?> openArchive(String fileName, InputStream raw) throws IOException {
    Compression compression = of(fileName);
    if (compression == ZIP) {
      // Unicode extra fields give the real entry names; stored entries with a data descriptor
      // (written by some streaming zippers) would otherwise be refused.
      return new ZipArchiveInputStream(raw, "UTF-8", true, true);
    }
    return new TarArchiveInputStream(compression.open(raw), "UTF-8");
  }

  /**
   * Whether an archive entry is one of the archive's files. macOS' zip and tar add {@code
   * __MACOSX/._name} or {@code ._name} resource forks next to every file: binary metadata, never
   * log lines or packets, so reading them would only fill the quarantine. A tar also holds
   * directories, links and devices, which hold no data either.
   */
  static boolean holdsData(ArchiveEntry entry) {
    String name = entry.getName();
    boolean macMetadata =
        name.startsWith("__MACOSX/") || name.contains("/._") || name.startsWith("._");
    boolean file = entry instanceof TarArchiveEntry tar ? tar.isFile() : !entry.isDirectory();
    return file && !macMetadata;
  }

  /**
   * Decompressors signal some corrupt input with runtime exceptions (e.g. an index out of bounds in
   * a broken bzip2 block); turning them into IOExceptions here keeps a bad file from failing the
   * job while a bug in our own code still does.
   */
  static final class Guarded extends FilterInputStream {
    Guarded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (RuntimeException e) {
        throw new IOException(e.toString(), e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (RuntimeException e) {
        throw new IOException(e.toString(), e);
      }
    }
  }
}
