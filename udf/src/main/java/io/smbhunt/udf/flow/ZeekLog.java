package io.smbhunt.udf.flow;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The three Zeek logs that carry SMB activity. Zeek's record shapes overlap ({@code path} is a file
 * path's share in smb_files and the mapped share in smb_mapping), so a record can only be mapped
 * once its log is known: from {@code _path}/{@code #path}, else the file name, else the fields the
 * record has.
 */
enum ZeekLog {
  /** File and pipe opens, reads, writes, deletes (SMB::Action). */
  SMB_FILES("smb_files"),
  /** Share mappings (tree connects). */
  SMB_MAPPING("smb_mapping"),
  /** DCE/RPC calls, over SMB named pipes or plain TCP. */
  DCE_RPC("dce_rpc");

  /** The {@code _path} / {@code #path} value Zeek writes. */
  final String path;

  /** {@link #path} as lower-case ASCII bytes, for allocation-free comparison. */
  final byte[] pathBytes;

  ZeekLog(String path) {
    this.path = path;
    this.pathBytes = path.getBytes(StandardCharsets.US_ASCII);
  }

  /** The log a {@code _path}/{@code #path} value names, or {@code null} for any other log. */
  static ZeekLog fromPath(String path) {
    if (path == null) {
      return null;
    }
    for (ZeekLog log : values()) {
      if (log.path.equalsIgnoreCase(path.trim())) {
        return log;
      }
    }
    return null;
  }

  /**
   * The log a file name suggests: Zeek names rotated logs {@code smb_files.log}, {@code
   * smb_files.17:00:00-18:00:00.log.gz}; corelight json-streaming-logs writes {@code
   * json_streaming_smb_files.log}. Only the base name counts (also of a zip entry {@code
   * a.zip!/smb_files.log}).
   */
  static ZeekLog fromFileName(String fileName) {
    if (fileName == null) {
      return null;
    }
    int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
    String base = fileName.substring(slash + 1).toLowerCase(Locale.ROOT);
    if (base.startsWith("json_streaming_")) {
      base = base.substring("json_streaming_".length());
    }
    for (ZeekLog log : values()) {
      if (base.startsWith(log.path)) {
        return log;
      }
    }
    return null;
  }

  /**
   * The log whose characteristic field is present, or {@code null}: {@code action} only exists in
   * smb_files, {@code share_type}/{@code service} only in smb_mapping, {@code endpoint}/{@code
   * operation}/{@code named_pipe} only in dce_rpc.
   */
  static ZeekLog fromFields(
      boolean action, boolean shareTypeOrService, boolean endpointOperationOrPipe) {
    if (action) {
      return SMB_FILES;
    }
    if (shareTypeOrService) {
      return SMB_MAPPING;
    }
    return endpointOperationOrPipe ? DCE_RPC : null;
  }
}
