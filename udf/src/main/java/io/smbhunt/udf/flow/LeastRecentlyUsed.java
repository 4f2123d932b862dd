package io.smbhunt.udf.flow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bounded memory a flow decoder keeps of its log (Suricata's trees and sign-ins, Zeek's records
 * awaiting their second logging): a log can run for days, so the entries used least lately go.
 */
final class LeastRecentlyUsed {

  private LeastRecentlyUsed() {}

  /** A map of at most {@code max} entries that drops the least recently used. */
  static <V> Map<String, V> map(int max) {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }
}
