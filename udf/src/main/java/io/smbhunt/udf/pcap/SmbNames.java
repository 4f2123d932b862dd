package io.smbhunt.udf.pcap;

import io.smbhunt.udf.flow.PipeNames;
import java.nio.charset.StandardCharsets;

/**
 * Names as SMB carries them and as the flow model reports them. The pipe and share rules are the
 * ones {@code io.smbhunt.udf.flow.PipeNames} applies to Zeek and Suricata records, so a pipe or
 * file seen in a capture compares equal to the same one seen by a sensor.
 */
public final class SmbNames {

  /** Share types, as TREE_CONNECT responses number them (0 when unknown). */
  public static final int SHARE_UNKNOWN = 0;

  public static final int SHARE_DISK = 1;
  public static final int SHARE_PIPE = 2;
  public static final int SHARE_PRINT = 3;

  private SmbNames() {}

  /** {@code DISK}, {@code PIPE}, {@code PRINT} (Zeek's spelling), or null when unknown. */
  public static String shareTypeName(int shareType) {
    switch (shareType) {
      case SHARE_DISK:
        return "DISK";
      case SHARE_PIPE:
        return "PIPE";
      case SHARE_PRINT:
        return "PRINT";
      default:
        return null;
    }
  }

  /** The normalised pipe name: the same rule as the log decoders' ({@link PipeNames}). */
  static String normalizePipe(String raw) {
    return PipeNames.normalize(raw);
  }

  /** Whether a share path names IPC$ ({@code \\host\IPC$} or {@code IPC$}), any case. */
  public static boolean isIpcShare(String share) {
    return PipeNames.isIpcShare(share);
  }

  /** Whether operations on this tree are pipe operations: a PIPE share, or IPC$ if untyped. */
  static boolean isPipe(int shareType, String share) {
    return shareType == SHARE_PIPE || (shareType == SHARE_UNKNOWN && isIpcShare(share));
  }

  /**
   * A UTF-16LE string of {@code length} bytes at {@code off}, trailing NULs dropped, cut at {@link
   * PcapLimits#MAX_NAME_CHARS}. Unpaired surrogates become U+FFFD; nothing throws.
   */
  static String utf16(byte[] b, int off, int length, PcapDecodeCounters c) {
    int bytes = length & ~1;
    if (bytes > 2 * PcapLimits.MAX_NAME_CHARS) {
      c.increment(PcapReasons.NAME_TRUNCATED);
      bytes = 2 * PcapLimits.MAX_NAME_CHARS;
    }
    while (bytes >= 2 && b[off + bytes - 2] == 0 && b[off + bytes - 1] == 0) {
      bytes -= 2;
    }
    return new String(b, off, bytes, StandardCharsets.UTF_16LE);
  }

  /**
   * A NUL-terminated 8-bit string (SMB1 without Unicode) starting at {@code off}, read up to {@code
   * end}. The OEM code page is not known from the capture; Latin-1 keeps every byte.
   */
  static String oem(byte[] b, int off, int end, PcapDecodeCounters c) {
    int stop = off;
    while (stop < end && b[stop] != 0) {
      stop++;
    }
    if (stop - off > PcapLimits.MAX_NAME_CHARS) {
      c.increment(PcapReasons.NAME_TRUNCATED);
      stop = off + PcapLimits.MAX_NAME_CHARS;
    }
    return new String(b, off, stop - off, StandardCharsets.ISO_8859_1);
  }
}
