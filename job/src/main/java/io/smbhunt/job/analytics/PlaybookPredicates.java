package io.smbhunt.job.analytics;

import io.smbhunt.udf.event.HostEvent;
import io.smbhunt.udf.event.HostEventDecoder;

/**
 * The filters of the OTRF "SMB Create Remote File" notebook, spelled once and shared by analytics
 * I–V. Where the notebook's pandas and SQL disagree the pandas wins (SPEC §1): {@code
 * contains('IPC')}, {@code endswith('\\C$')}, {@code endswith('$', na=False)}.
 */
public final class PlaybookPredicates {

  public static final int SHARE_CONNECT = 5140;
  public static final int SHARE_ACCESS_CHECK = 5145;
  public static final int LOGOFF = 4634;
  public static final int USER_INITIATED_LOGOFF = 4647;
  public static final int SYSMON_FILE_CREATE = 11;

  private PlaybookPredicates() {}

  /** {@code Channel.str.lower() == 'security'}. */
  public static boolean isSecurity(HostEvent e) {
    return e.channel != null && e.channel.equalsIgnoreCase("security");
  }

  /**
   * Not a machine account. A missing user name passes, as pandas' {@code ~endswith('$', na=False)}
   * lets it through.
   */
  public static boolean isNonMachineAccount(HostEvent e) {
    return e.subjectUserName == null || !e.subjectUserName.endsWith("$");
  }

  /** {@code ShareName.str.contains('.*IPC.*')}: false for a missing share. */
  public static boolean isIpcShare(HostEvent e) {
    return e.shareName != null && e.shareName.contains("IPC");
  }

  /** {@code ShareName.str.endswith('\\C$')}: the admin share of drive C. */
  public static boolean isAdminCShare(HostEvent e) {
    return e.shareName != null && e.shareName.endsWith("\\C$");
  }

  /**
   * The write test: the seed profile compares the text with {@code '0x2'} exactly, as the notebook
   * does; the default profile tests the WriteData bit, so {@code 0x17019f} counts as a write.
   */
  public static boolean isWrite(HostEvent e, Profile profile) {
    return profile == Profile.SEED ? "0x2".equals(e.accessMaskText) : e.hasWriteDataBit();
  }

  public static boolean isShareConnect(HostEvent e) {
    return e.eventId == SHARE_CONNECT && isSecurity(e);
  }

  public static boolean isShareAccessCheck(HostEvent e) {
    return e.eventId == SHARE_ACCESS_CHECK && isSecurity(e);
  }

  public static boolean isLogoff(HostEvent e) {
    return (e.eventId == LOGOFF || e.eventId == USER_INITIATED_LOGOFF) && isSecurity(e);
  }

  /**
   * Sysmon 11 by the {@code System} process. The seed profile matches the channel exactly, as the
   * notebook does; the default profile in any case, like the Security channel.
   */
  public static boolean isSystemFileCreate(HostEvent e, Profile profile) {
    if (e.eventId != SYSMON_FILE_CREATE || e.channel == null || e.image == null) {
      return false;
    }
    boolean sysmon =
        profile == Profile.SEED
            ? e.channel.equals(HostEventDecoder.SYSMON_CHANNEL)
            : e.channel.equalsIgnoreCase(HostEventDecoder.SYSMON_CHANNEL);
    return sysmon && e.image.equalsIgnoreCase("system");
  }

  /** {@code str.split('\\').str[-1]}: the text after the last backslash; null stays null. */
  public static String basename(String path) {
    if (path == null) {
      return null;
    }
    int cut = path.lastIndexOf('\\');
    return cut < 0 ? path : path.substring(cut + 1);
  }
}
