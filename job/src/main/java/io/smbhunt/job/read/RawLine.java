package io.smbhunt.job.read;

import io.smbhunt.udf.event.HostEvent;

/**
 * One line of an archive file as bytes, before any decoding, or a read failure at that place.
 *
 * <p>Lines stay bytes so invalid UTF-8 can be told apart from text (Flink's text format would
 * silently replace it) and so uninteresting lines can be rejected without building a String.
 */
public class RawLine {

  /** The file the line came from; for a zip or tar entry {@code archive.zip!/entry.json}. */
  public String source;

  /** 1-based line number within {@link #source}. */
  public long line;

  /** The line without its terminator (CR LF or LF); at most the configured limit. */
  public byte[] bytes;

  /** Length of the whole line in the file; larger than {@code bytes.length} when cut. */
  public long length;

  /**
   * {@code null} for a line that was read whole; otherwise why it could not be (a reason code such
   * as {@code line_too_long}, {@code corrupt_compressed_file}, {@code unreadable_file}).
   */
  public String readError;

  /** A human sentence with the details of {@link #readError}. */
  public String readErrorDetail;

  /**
   * The used event the reader already decoded from this line, so nothing downstream parses the line
   * again; {@code null} when the reader did not decode it or the line is to be quarantined.
   */
  public HostEvent event;

  /** The file's format ({@link RecordFormat#id}); {@code null} on a read failure. */
  public String format;

  /**
   * Zeek TSV only: the file's header lines in force ({@code #separator}, {@code #fields} …, joined
   * by newlines), so each line can be decoded without the lines before it.
   */
  public String header;

  /**
   * Lines the reader counted right before this record instead of passing them on. Line numbers stay
   * those of the file.
   */
  public long skippedLines;

  /** Bytes of {@link #skippedLines}, line ends included (progress and throughput). */
  public long skippedBytes;

  /**
   * How the {@link #skippedLines} were judged: {@code true} if the reader decoded them in full and
   * found valid events that no analytic uses (the default); {@code false} if they were skipped on
   * their EventID bytes alone, never validated ({@code read.skip_unused_event_ids}).
   */
  public boolean skippedWereDecoded;

  /**
   * True for a record that only carries skipped lines (the end of a file whose last lines were
   * skipped): it is not a line itself.
   */
  public boolean countOnly;

  /**
   * True for a line read again after a restore only so the decoder of its file rebuilds its state
   * (see {@code ArchiveLineReader}): it was counted and decoded before the failure.
   */
  public boolean replay;

  public RawLine() {}

  public RawLine(String source, long line, byte[] bytes) {
    this.source = source;
    this.line = line;
    this.bytes = bytes;
    this.length = bytes.length;
  }

  public static RawLine failure(String source, long line, String reason, String detail) {
    RawLine r = new RawLine(source, line, new byte[0]);
    r.readError = reason;
    r.readErrorDetail = detail;
    return r;
  }

  /**
   * A record that is no line: it carries the count of lines skipped at the end of {@code source},
   * the last of them {@code lastLine}.
   */
  public static RawLine skippedOnly(String source, long lastLine) {
    RawLine r = new RawLine(source, lastLine, new byte[0]);
    r.countOnly = true;
    return r;
  }

  @Override
  public String toString() {
    return source + ":" + line + (readError == null ? "" : " " + readError) + " (" + length + " B)";
  }
}
