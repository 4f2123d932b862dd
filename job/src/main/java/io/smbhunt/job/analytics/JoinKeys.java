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
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    return h + "\u0000" + value.toLowerCase(Locale.ROOT);
  }
}
