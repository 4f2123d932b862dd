package io.smbhunt.udf.flow;

import java.util.Locale;
import java.util.Set;

/**
 * Named-pipe names as the analytics compare them.
 *
 * <p>Sensors spell one pipe many ways: Zeek smb_files logs the client's open as {@code \svcctl},
 * Zeek dce_rpc logs the server's BIND_ACK address as {@code \pipe\ntsvcs} or {@code \PIPE\atsvc},
 * Suricata logs the bare {@code atsvc}, and SMB1 clients open {@code \PIPE\winreg}. Allow and watch
 * lists (CAR-2014-03-001: {@code spoolss}, {@code winreg}, {@code atsvc}) name the bare pipe, so
 * every spelling is reduced to it.
 */
public final class PipeNames {

  /**
   * Pipes that Windows RPC services listen on. Used only when a Suricata CREATE carries no share at
   * all (its eve record never does; see {@link SuricataEveDecoder}): a bare name from this list is
   * a pipe open, as in Suricata's own documented "Pipe open" example ({@code atsvc}).
   */
  private static final Set<String> WELL_KNOWN =
      Set.of(
          "atsvc",
          "browser",
          "epmapper",
          "eventlog",
          "lsarpc",
          "lsass",
          "msftewds",
          "netdfs",
          "netlogon",
          "ntsvcs",
          "protected_storage",
          "samr",
          "spoolss",
          "srvsvc",
          "svcctl",
          "winreg",
          "wkssvc");

  private PipeNames() {}

  /**
   * Strips leading backslashes and a {@code pipe\} prefix (any case) and lower-cases the rest:
   * {@code \PIPE\atsvc} → {@code atsvc}, {@code \svcctl} → {@code svcctl}, {@code PIPE\winreg} →
   * {@code winreg}. Pipe names are case-insensitive on Windows, so lower case is the canonical
   * form. Returns {@code null} for {@code null} or a name that is empty once stripped.
   */
  public static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    int i = 0;
    int n = raw.length();
    while (i < n && raw.charAt(i) == '\\') {
      i++;
    }
    if (n - i >= 5 && raw.regionMatches(true, i, "pipe\\", 0, 5)) {
      i += 5;
      while (i < n && raw.charAt(i) == '\\') {
        i++;
      }
    }
    if (i >= n) {
      return null;
    }
    return raw.substring(i).toLowerCase(Locale.ROOT);
  }

  /** Whether the (normalised) name is one of the well-known RPC service pipes. */
  public static boolean isWellKnown(String normalized) {
    return normalized != null && WELL_KNOWN.contains(normalized);
  }

  /** Whether a share path names the IPC$ share ({@code \\host\IPC$}, {@code IPC$}), any case. */
  public static boolean isIpcShare(String share) {
    if (share == null) {
      return false;
    }
    int n = share.length();
    if (n < 4 || !share.regionMatches(true, n - 4, "IPC$", 0, 4)) {
      return false;
    }
    return n == 4 || share.charAt(n - 5) == '\\';
  }

  /**
   * A file name relative to its share, as Windows' 5145 RelativeTargetName has it: SMB1 clients
   * write a leading backslash ({@code \payload.exe}), SMB2 clients do not.
   */
  public static String shareRelative(String name) {
    if (name == null) {
      return null;
    }
    int i = 0;
    while (i < name.length() && name.charAt(i) == '\\') {
      i++;
    }
    return name.substring(i);
  }
}
