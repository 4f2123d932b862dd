package io.smbhunt.job.analytics;

import java.util.Locale;

/** Join keys as strings: Flink cannot key by null, and pandas' merge matches NaN with NaN. */
public final class JoinKeys {

  /** The key of a missing value in the seed profile (NUL never occurs in a Windows name). */
  public static final String MISSING = "\u0000missing";

  private JoinKeys() {}

  /** Seed profile: the value itself, a missing value being one key of its own. */
  public static String exact(String value) {
    return value == null ? MISSING : value;
  }

  /**
   * Default profile: (host, value), both lower-cased — a logon id or a file name means something
   * only on its own host. No key (null) when the value is missing.
   */
  public static String onHost(String host, String value) {
    if (value == null) {
      return null;
    }
    return machine(host) + "\u0000" + value.toLowerCase(Locale.ROOT);
  }

  /**
   * The machine a host name names: lower-cased, without its DNS domain. Shippers name one machine
   * both ways — WEF's Security events {@code WORKSTATION6.theshire.local}, a Sysmon shipper's
   * {@code host.name} {@code workstation6} — and a Windows machine's name is unique in its forest
   * (NetBIOS). An address stays whole.
   */
  static String machine(String host) {
    if (host == null) {
      return "";
    }
    String h = host.toLowerCase(Locale.ROOT);
    int dot = h.indexOf('.');
    if (dot <= 0 || h.indexOf(':') >= 0 || Character.isDigit(h.charAt(h.length() - 1))) {
      return h; // no domain, or an IPv6/IPv4 address
    }
    return h.substring(0, dot);
  }
}
