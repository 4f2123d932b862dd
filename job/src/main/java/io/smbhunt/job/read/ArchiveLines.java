package io.smbhunt.job.read;

import io.smbhunt.udf.event.DecodeResult;
import io.smbhunt.udf.event.EventIdPrefilter;
import io.smbhunt.udf.event.HostEventDecoder;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.flink.core.fs.Path;

/**
 * The lines of one archive file, decompressed and, for a zip or a tar, entry after entry.
 *
 * <p>It never throws on bad data: when the file cannot be opened or its compressed stream breaks,
 * the lines already returned stand and one failure {@link RawLine} says where and why, then the
 * file ends. A job over thousands of archived files must not die for one damaged file, and a hunter
 * must be able to see what was not read.
 */
final class ArchiveLines implements Closeable {

  static final String UNREADABLE_FILE = "unreadable_file";
  static final String CORRUPT_COMPRESSED_FILE = "corrupt_compressed_file";
  static final String UNSUPPORTED_COMPRESSION = "unsupported_compression";
  static final String CAPTURE_IN_LINE_ARCHIVE = "capture_in_line_archive";

  /** A tar is a sequence of 512-byte records: headers, padded contents, two zero records. */
  private static final int TAR_RECORD_BYTES = 512;

  private final Path path;
  private final String fileSource;

  /** From the file name, or else from its first bytes ({@link Compression#ofContent}). */
  private Compression compression;

  private final int maxLineBytes;

  private RawFileStream raw;
  private InputStream closeable;

  /** A zip's or a tar's entries, or null for a file of lines. */
  private ArchiveInputStream<?> archive;

  private LineSplitter lines;

  /** The current zip entry's read-ahead, if any. */
  private ReadAheadStream entryReadAhead;

  private String source;
  private String lastEntry;
  private long lineNumber;
  private boolean opened;
  private boolean ended;

  private final FormatTracker formats;

  private final boolean skipUnusedEventIds;

  private final boolean readAhead;

  /** Which Windows event lines are only counted here; made for the first such file. */
  private LineSplitter.LineFilter unusedEvents;

  /** The reader's decode of the line the filter saw last (default mode only). */
  private DecodeResult lastDecode;

  ArchiveLines(Path path, int maxLineBytes) {
    this(path, maxLineBytes, null);
  }

  /**
   * @param forcedFormat the format the user named for this file, or null to recognise it
   */
  ArchiveLines(Path path, int maxLineBytes, RecordFormat forcedFormat) {
    this(path, maxLineBytes, forcedFormat, false);
  }

  /**
   * Once a file is known to hold Windows events, the lines no analytic can use are counted here (on
   * the next record returned) instead of being copied and handed to the decoding task: about 95% of
   * an archive, so the copy, the hand-off between threads and the garbage were a good part of the
   * run. By default each line is decoded in full here, and only a valid event that no analytic uses
   * is counted; a used event or a line to quarantine goes on and is decoded again downstream.
   *
   * @param skipUnusedEventIds count the lines {@link EventIdPrefilter} finds unused without
   *     validating them
   */
  ArchiveLines(Path path, int maxLineBytes, RecordFormat forcedFormat, boolean skipUnusedEventIds) {
    this(path, maxLineBytes, forcedFormat, skipUnusedEventIds, false);
  }

  /**
   * @param readAhead decompress on a thread of its own ({@link ReadAheadStream}), for a task
   *     manager with a core to spare
   */
  ArchiveLines(
      Path path,
      int maxLineBytes,
      RecordFormat forcedFormat,
      boolean skipUnusedEventIds,
      boolean readAhead) {
    this.readAhead = readAhead;
    this.skipUnusedEventIds = skipUnusedEventIds;
    this.formats = new FormatTracker(forcedFormat);
    this.path = path;
    this.fileSource = path.toString();
    this.compression = Compression.of(path.getName());
    this.maxLineBytes = maxLineBytes;
    this.source = fileSource;
  }

  /** The next line or failure, or {@code null} once the file has ended. */
  RawLine next() {
    return advance();
  }

  /**
   * Steps over one record (a line or the failure); false at the end. The line is still read in
   * full: the format of the file and a Zeek TSV header are learnt from the lines stepped over.
   */
  boolean skip() {
    return advance() != null;
  }

  private RawLine advance() {
    if (!opened) {
      opened = true;
      RawLine failure = open();
      if (failure != null) {
        return failure;
      }
    }
    while (!ended) {
      if (lines == null) {
        RawLine failure = nextEntry();
        if (failure != null || ended) {
          return failure;
        }
      }
      try {
        RawLine line = lines.next(source, lineNumber + 1);
        if (line != null) {
          lineNumber = line.line;
          if (lastDecode != null
              && lines.lastLineJudged()
              && lastDecode.kind() == DecodeResult.Kind.EVENT) {
            // The used event travels with its line, so nothing parses the line again. (A line to
            // quarantine, a few in a million, is decoded again downstream for its reason.)
            line.event = lastDecode.event();
            line.event.line = line.line;
          }
          formats.tag(line, source);
          if (formats.isWindowsEvents()) {
            countUnusedEvents();
          }
          return line;
        }
      } catch (IOException e) {
        lineNumber += lines.pendingSkippedLines();
        RawLine failure =
            fail(
                brokenStreamReason(),
                source,
                lineNumber + 1,
                describe(e, "reading line " + (lineNumber + 1)));
        lines.takePendingSkipped(failure);
        return failure;
      }
      if (archive == null) {
        ended = true;
      } else {
        lines = null;
      }
    }
    return null;
  }

  private void countUnusedEvents() {
    if (unusedEvents == null) {
      if (skipUnusedEventIds) {
        unusedEvents = EventIdPrefilter::isUnusedEvent;
      } else {
        HostEventDecoder decoder = new HostEventDecoder();
        unusedEvents =
            (b, off, len) -> {
              lastDecode = decoder.decode(b, off, len, source, 0);
              return lastDecode.kind() == DecodeResult.Kind.NOT_RELEVANT;
            };
      }
    }
    lines.skipLinesWhere(unusedEvents, !skipUnusedEventIds);
  }

  /** Opens the file and its decompressor; a failure record if either refuses. */
  private RawLine open() {
    PushbackInputStream peekable;
    try {
      raw = new RawFileStream(path.getFileSystem().open(path));
      closeable = raw;
      peekable = new PushbackInputStream(raw, Compression.MAGIC_BYTES);
      byte[] head = peekable.readNBytes(Compression.MAGIC_BYTES);
      if (head.length == 0) {
        // A zero-byte file is an empty log (rotation creates them), not a broken archive.
        ended = true;
        return null;
      }
      peekable.unread(head);
      if (compression == Compression.NONE && !Compression.isArchive(path.getName())) {
        compression = Compression.ofContent(head, head.length);
      }
    } catch (Compression.UnsupportedCompressionException e) {
      return fail(
          UNSUPPORTED_COMPRESSION,
          fileSource,
          1,
          "The file is "
              + e.getMessage()
              + "-compressed, which smbhunt does not read: decompress it, or recompress it with"
              + " gzip, bzip2 or xz.");
    } catch (IOException | RuntimeException e) {
      return fail(UNREADABLE_FILE, fileSource, 1, "The file could not be opened: " + e + ".");
    }
    try {
      if (Compression.isArchive(path.getName())) {
        archive = Compression.openArchive(path.getName(), peekable);
        closeable = archive;
      } else {
        InputStream decoded = compression.open(peekable);
        if (compression != Compression.NONE && readAhead) {
          decoded = new ReadAheadStream(decoded, path.getName());
        }
        closeable = decoded;
        lines = new LineSplitter(JsonFileLayout.wrap(decoded), maxLineBytes);
      }
    } catch (IOException | RuntimeException e) {
      return fail(
          brokenStreamReason(),
          fileSource,
          1,
          describe(e, "opening the " + compression.label + " stream"));
    }
    return null;
  }

  /** Moves to the next entry that is a file; ends the file after the last one. */
  private RawLine nextEntry() {
    stopEntryReadAhead();
    try {
      ArchiveEntry entry;
      do {
        entry = archive.getNextEntry();
      } while (entry != null && !Compression.holdsData(entry));
      if (entry == null) {
        if (archive instanceof TarArchiveInputStream
            && archive.getBytesRead() % TAR_RECORD_BYTES != 0) {
          // The tar reader takes a last header cut short (or a file under 512 bytes that is no
          // tar at all) for the end of the archive; that must not pass for a whole archive.
          return fail(
              CORRUPT_COMPRESSED_FILE,
              fileSource,
              1,
              "The "
                  + streamLabel()
                  + " ends inside a header after "
                  + archive.getBytesRead()
                  + " bytes (cut short, or not a tar archive). What was read before stands.");
        }
        ended = true;
        return null;
      }
      lastEntry = entry.getName();
      if (CaptureFiles.isCapture(entry.getName())) {
        // Its packets are read when the archive starts with a capture (CaptureFiles); here, after
        // lines, they would only be garbage lines. One record says it was not read.
        return RawLine.failure(
            fileSource + "!/" + entry.getName(),
            1,
            CAPTURE_IN_LINE_ARCHIVE,
            "A packet capture inside an archive of log lines is not read: an archive is read for"
                + " packets only when its first file is a capture. Extract it, or put it in an"
                + " archive of its own.");
      }
      source = fileSource + "!/" + entry.getName();
      formats.reset();
      lineNumber = 0;
      InputStream entryBytes = new Compression.Guarded(archive);
      if (readAhead && compression != Compression.NONE) {
        // Read ahead entry by entry: the archive's headers stay with this thread.
        entryReadAhead = new ReadAheadStream(entryBytes, entry.getName());
        entryBytes = entryReadAhead;
      }
      lines = new LineSplitter(JsonFileLayout.wrap(entryBytes), maxLineBytes);
      return null;
    } catch (IOException | RuntimeException e) {
      String where = lastEntry == null ? "the first entry" : "the entry after " + lastEntry;
      return fail(brokenStreamReason(), fileSource, 1, describe(e, "finding " + where));
    }
  }

  private String brokenStreamReason() {
    return raw.failed() || (compression == Compression.NONE && archive == null)
        ? UNREADABLE_FILE
        : CORRUPT_COMPRESSED_FILE;
  }

  /** Says what broke and how far the file was read, so the damage can be found by hand. */
  private String describe(Exception e, String doing) {
    String what = raw.failed() ? "Reading the file failed" : "The " + streamLabel() + " is broken";
    return what
        + " while "
        + doing
        + ", after "
        + raw.bytesRead()
        + " bytes of the file had been read: "
        + e
        + ". What was read before stands; the rest of the file was not read.";
  }

  /** What the bytes are, for a person: "gzip data", "tar archive", "gzip tar archive". */
  private String streamLabel() {
    if (archive == null || compression == Compression.ZIP) {
      return compression.label + " data";
    }
    return (compression == Compression.NONE ? "" : compression.label + " ") + "tar archive";
  }

  private RawLine fail(String reason, String failedSource, long line, String detail) {
    ended = true;
    return RawLine.failure(failedSource, line, reason, detail);
  }

  /** The last entry's read-ahead must have let go of the zip before the zip is read on. */
  private void stopEntryReadAhead() {
    if (entryReadAhead != null) {
      entryReadAhead.stop();
      entryReadAhead = null;
    }
  }

  @Override
  public void close() throws IOException {
    stopEntryReadAhead();
    if (closeable != null) {
      closeable.close();
    }
  }
}
