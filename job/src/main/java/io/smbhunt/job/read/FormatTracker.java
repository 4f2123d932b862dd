package io.smbhunt.job.read;

import java.nio.charset.StandardCharsets;

/**
 * Tags the lines of one file (or archive entry) with its format and, for Zeek TSV, with the header
 * lines in force. It sees every line, also those stepped over when a reader is restored from a
 * checkpoint, so a restored reader still tells the decoder what a TSV file's columns are.
 */
final class FormatTracker {

  private final RecordFormat forced;
  private RecordFormat format;
  private StringBuilder header;
  private String headerText;
  private boolean inHeader;

  /**
   * @param forced the format the user named for this input, or {@code null} to recognise it
   */
  FormatTracker(RecordFormat forced) {
    this.forced = forced;
    this.format = forced;
  }

  /** Whether the lines seen so far show (or the user said) that this file holds Windows events. */
  boolean isWindowsEvents() {
    return format == RecordFormat.WINDOWS_EVENTS;
  }

  /** A new zip or tar entry is a new file. */
  void reset() {
    format = forced;
    header = null;
    headerText = null;
    inHeader = false;
  }

  void tag(RawLine line, String fileName) {
    if (line.readError != null) {
      return;
    }
    if (format == null) {
      if (isBlank(line.bytes)) {
        return; // the format is decided by the first line with content
      }
      format = RecordFormat.sniff(fileName, line.bytes);
    }
    line.format = format.id;
    if (format != RecordFormat.ZEEK_TSV) {
      return;
    }
    if (line.bytes.length > 0 && line.bytes[0] == '#') {
      // A header block starts anew at #separator: concatenated logs repeat it mid-file.
      if (!inHeader || startsWith(line.bytes, "#separator")) {
        header = new StringBuilder();
        inHeader = true;
      }
      if (header.length() > 0) {
        header.append('\n');
      }
      header.append(new String(line.bytes, StandardCharsets.UTF_8));
      headerText = header.toString();
    } else {
      inHeader = false;
    }
    line.header = headerText;
  }

  private static boolean isBlank(byte[] b) {
    for (byte c : b) {
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] b, String prefix) {
    if (b.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
