package io.smbhunt.job.analytics;

import static io.smbhunt.job.analytics.PlaybookPredicates.isAdminCShare;
import static io.smbhunt.job.analytics.PlaybookPredicates.isIpcShare;
import static io.smbhunt.job.analytics.PlaybookPredicates.isNonMachineAccount;
import static io.smbhunt.job.analytics.PlaybookPredicates.isShareConnect;

import io.smbhunt.job.analytics.join.PlaybookJoinSpec;
import io.smbhunt.udf.event.HostEvent;
import java.util.List;

/**
 * Playbook analytic II: one logon session of a non-machine account connects to {@code IPC$} and to
 * the {@code C$} admin share (two 5140s). Key: SubjectLogonId (seed) or (host, SubjectLogonId)
 * within the session window, not across a logoff (default). The row is the C$ connect.
 */
public class SmbRemoteFile2 extends PlaybookJoinSpec {

  public static final AnalyticInfo INFO =
      new AnalyticInfo(
          "smb_remote_file_2",
          "IPC$ and C$ connects in one logon session of a non-machine account (playbook II)",
          List.of("T1021.002"),
          "medium");

  static final int IPC_CONNECT = 0;
  static final int ADMIN_CONNECT = 1;

  public SmbRemoteFile2(Profile profile) {
    super(INFO, profile, 2, ADMIN_CONNECT, true);
  }

  @Override
  public int sidesOf(HostEvent e) {
    if (!isShareConnect(e) || !isNonMachineAccount(e)) {
      return 0;
    }
    // pandas filters each side on its own, so in the seed profile one event may play both sides;
    // the default profile's engine needs the trigger side to be exclusive (no such share exists).
    int sides = isIpcShare(e) ? 1 << IPC_CONNECT : 0;
    if (isAdminCShare(e) && (profile == Profile.SEED || sides == 0)) {
      sides |= 1 << ADMIN_CONNECT;
    }
    return sides;
  }

  @Override
  public String key(HostEvent e) {
    return SessionKeys.key(profile, e, sidesOf(e) != 0);
  }

  @Override
  public Detection build(HostEvent[] chain) {
    return Detections.fromHostEvent(INFO, chain[ADMIN_CONNECT], chain[IPC_CONNECT]);
  }
}
