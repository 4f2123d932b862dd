package io.smbhunt.udf.flow;

import io.smbhunt.udf.json.JsonFieldScanner;
import java.util.List;
import java.util.Locale;

/**
 * Tells which {@link FlowFormat} a file is from its first line (and, when that line says nothing,
 * its name). Content wins over the name because archives are renamed freely ({@code eve.json} →
 * {@code sensor1-2024-05-01.json.gz}) but a record's shape is what the sensor wrote.
 */
public final class FlowFormats {

  private static final int PATH = 0;
  private static final int UID = 1;
  private static final int ORIG_H = 2;
  private static final int ORIG_H_UNDERSCORE = 3;
  private static final int ID = 4;
  private static final int EVENT_TYPE = 5;
  private static final int PROTO_INFO = 6;
  private static final int DEST_PORT = 7;

  private static final List<List<String>> PATHS =
      List.of(
          List.of("_path"),
          List.of("uid"),
          List.of("id.orig_h"),
          List.of("id_orig_h"),
          List.of("id"),
          List.of("event_type"),
          List.of("proto_info"),
          List.of("dest_port"));

  private FlowFormats() {}

  /**
   * The format of a file whose first line is {@code firstLine[off, off+len)}, or {@code null} if
   * neither the line nor the name says.
   *
   * <ul>
   *   <li>a line starting with {@code #separator} → {@link FlowFormat#ZEEK_TSV};
   *   <li>a JSON object with {@code _path}, or with {@code uid} and {@code id.orig_h} / {@code
   *       id_orig_h} / {@code id} → {@link FlowFormat#ZEEK_JSON};
   *   <li>with {@code event_type} → {@link FlowFormat#SURICATA_EVE};
   *   <li>with {@code proto_info} or {@code dest_port} → {@link FlowFormat#CAR_FLOW} (checked after
   *       Suricata, whose records also have {@code dest_port});
   *   <li>otherwise (a broken or blank first line) the name: {@code eve*.json} → Suricata, a Zeek
   *       SMB log name → Zeek JSON (a TSV log would have started with {@code #separator}).
   * </ul>
   */
  public static FlowFormat sniff(String fileName, byte[] firstLine, int off, int len) {
    if (startsWith(firstLine, off, len, "#separator")) {
      return FlowFormat.ZEEK_TSV;
    }
    JsonFieldScanner s = new JsonFieldScanner(PATHS);
    if (firstLine != null && s.scan(firstLine, off, len)) {
      if (present(s, PATH)
          || (present(s, UID)
              && (present(s, ORIG_H) || present(s, ORIG_H_UNDERSCORE) || present(s, ID)))) {
        return FlowFormat.ZEEK_JSON;
      }
      if (present(s, EVENT_TYPE)) {
        return FlowFormat.SURICATA_EVE;
      }
      if (present(s, PROTO_INFO) || present(s, DEST_PORT)) {
        return FlowFormat.CAR_FLOW;
      }
    }
    return fromName(fileName);
  }

  private static FlowFormat fromName(String fileName) {
    if (fileName == null) {
      return null;
    }
    int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
    String base = fileName.substring(slash + 1).toLowerCase(Locale.ROOT);
    if (base.startsWith("eve") && base.contains(".json")) {
      return FlowFormat.SURICATA_EVE;
    }
    return ZeekLog.fromFileName(base) != null ? FlowFormat.ZEEK_JSON : null;
  }

  private static boolean present(JsonFieldScanner s, int slot) {
    return s.type(slot) != JsonFieldScanner.ABSENT;
  }

  private static boolean startsWith(byte[] b, int off, int len, String ascii) {
    if (b == null || len < ascii.length()) {
      return false;
    }
    for (int k = 0; k < ascii.length(); k++) {
      if (b[off + k] != ascii.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
