package io.smbhunt.job.analytics;

import static io.smbhunt.job.analytics.PlaybookPredicates.basename;
import static io.smbhunt.job.analytics.PlaybookPredicates.isShareAccessCheck;
import static io.smbhunt.job.analytics.PlaybookPredicates.isSystemFileCreate;
import static io.smbhunt.job.analytics.PlaybookPredicates.isWrite;

import io.smbhunt.job.analytics.join.PlaybookJoinSpec;
import io.smbhunt.udf.event.HostEvent;
import java.util.List;

/**
 * Playbook analytic V: a file written over SMB (5145 with write access, any share, any user) that
 * the {@code System} process creates on the target (Sysmon 11) — the SMB server writing it to disk.
 * Key: the file's basename, case-sensitive (seed), or (host, lower-cased basename) within the file
 * window (default). The row is the write.
 */
public class SmbRemoteFile5 extends PlaybookJoinSpec {

  public static final AnalyticInfo INFO =
      new AnalyticInfo(
          "smb_remote_file_5",
          "File written over SMB and created on disk by the System process (playbook V)",
          List.of("T1021.002", "T1570"),
          "high");

  static final int SYSTEM_CREATE = 0;
  static final int WRITE = 1;

  public SmbRemoteFile5(Profile profile) {
    super(INFO, profile, 2, WRITE, false);
  }

  @Override
  public int sidesOf(HostEvent e) {
    if (isShareAccessCheck(e) && isWrite(e, profile)) {
      return 1 << WRITE;
    }
    return isSystemFileCreate(e, profile) ? 1 << SYSTEM_CREATE : 0;
  }

  @Override
  public String key(HostEvent e) {
    int sides = sidesOf(e);
    if (sides == 0) {
      return null;
    }
    String file = basename(sides == 1 << WRITE ? e.relativeTargetName : e.targetFilename);
    return profile == Profile.SEED ? JoinKeys.exact(file) : JoinKeys.onHost(e.host, file);
  }

  @Override
  public Detection build(HostEvent[] chain) {
    return Detections.fromHostEvent(INFO, chain[WRITE], chain[SYSTEM_CREATE]);
  }
}
