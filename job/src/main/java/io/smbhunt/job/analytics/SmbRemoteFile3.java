package io.smbhunt.job.analytics;

import static io.smbhunt.job.analytics.PlaybookPredicates.isAdminCShare;
import static io.smbhunt.job.analytics.PlaybookPredicates.isNonMachineAccount;
import static io.smbhunt.job.analytics.PlaybookPredicates.isShareAccessCheck;
import static io.smbhunt.job.analytics.PlaybookPredicates.isWrite;

import io.smbhunt.udf.event.HostEvent;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Playbook analytic III: a non-machine account asks for write access (5145) to a file through the
 * {@code C$} admin share. The profile decides what "write" means: the exact text {@code 0x2} (seed)
 * or the WriteData bit (default).
 */
public class SmbRemoteFile3 implements FlatMapFunction<HostEvent, Detection> {

  public static final AnalyticInfo INFO =
      new AnalyticInfo(
          "smb_remote_file_3",
          "Write access to a file over the C$ admin share by a non-machine account (playbook III)",
          List.of("T1021.002", "T1570"),
          "medium");

  private final Profile profile;

  public SmbRemoteFile3(Profile profile) {
    this.profile = profile;
  }

  public static boolean matches(HostEvent e, Profile profile) {
    return isShareAccessCheck(e)
        && isWrite(e, profile)
        && isAdminCShare(e)
        && isNonMachineAccount(e);
  }

  @Override
  public void flatMap(HostEvent e, Collector<Detection> out) {
    if (matches(e, profile)) {
      out.collect(Detections.fromHostEvent(INFO, e));
    }
  }
}
