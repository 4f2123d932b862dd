package io.smbhunt.job.analytics;

import static io.smbhunt.job.analytics.PlaybookPredicates.isAdminCShare;
import static io.smbhunt.job.analytics.PlaybookPredicates.isIpcShare;
import static io.smbhunt.job.analytics.PlaybookPredicates.isNonMachineAccount;
import static io.smbhunt.job.analytics.PlaybookPredicates.isShareAccessCheck;
import static io.smbhunt.job.analytics.PlaybookPredicates.isShareConnect;
import static io.smbhunt.job.analytics.PlaybookPredicates.isWrite;

import io.smbhunt.job.analytics.join.PlaybookJoinSpec;
import io.smbhunt.udf.event.HostEvent;
import java.util.List;

/**
 * Playbook analytic IV: in one logon session, an IPC$ connect, a C$ connect and a write to a file
 * on C$ — a remote file copy. The row is the write.
 *
 * <p>The notebook's filters are kept per profile: in the seed profile only the IPC$ side requires a
 * non-machine account and the write is the exact text {@code 0x2}; in the default profile the
 * session's user is tested on every stage (SPEC §2) and the write is the WriteData bit.
 */
public class SmbRemoteFile4 extends PlaybookJoinSpec {

  public static final AnalyticInfo INFO =
      new AnalyticInfo(
          "smb_remote_file_4",
          "IPC$ connect, C$ connect and a C$ file write in one logon session (playbook IV)",
          List.of("T1021.002", "T1570"),
          "high");

  static final int IPC_CONNECT = 0;
  static final int ADMIN_CONNECT = 1;
  static final int ADMIN_WRITE = 2;

  public SmbRemoteFile4(Profile profile) {
    super(INFO, profile, 3, ADMIN_WRITE, true);
  }

  @Override
  public int sidesOf(HostEvent e) {
    boolean anyUser = profile == Profile.SEED;
    if (isShareConnect(e)) {
      int sides = isIpcShare(e) && isNonMachineAccount(e) ? 1 << IPC_CONNECT : 0;
      boolean adminConnect =
          isAdminCShare(e) && (anyUser || isNonMachineAccount(e)) && (anyUser || !isIpcShare(e));
      return adminConnect ? sides | 1 << ADMIN_CONNECT : sides;
    }
    if (isShareAccessCheck(e) && isAdminCShare(e) && isWrite(e, profile)) {
      return anyUser || isNonMachineAccount(e) ? 1 << ADMIN_WRITE : 0;
    }
    return 0;
  }

  @Override
  public String key(HostEvent e) {
    return SessionKeys.key(profile, e, sidesOf(e) != 0);
  }

  @Override
  public Detection build(HostEvent[] chain) {
    return Detections.fromHostEvent(
        INFO, chain[ADMIN_WRITE], chain[IPC_CONNECT], chain[ADMIN_CONNECT]);
  }
}
