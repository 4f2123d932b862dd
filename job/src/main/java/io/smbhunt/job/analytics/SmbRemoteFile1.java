package io.smbhunt.job.analytics;

import static io.smbhunt.job.analytics.PlaybookPredicates.isIpcShare;
import static io.smbhunt.job.analytics.PlaybookPredicates.isNonMachineAccount;
import static io.smbhunt.job.analytics.PlaybookPredicates.isShareConnect;

import io.smbhunt.udf.event.HostEvent;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Playbook analytic I: a non-machine account connects (5140) to a share other than {@code IPC$}.
 * One row per 5140, in both profiles (SPEC §2 leaves I unchanged in {@code default}).
 */
public class SmbRemoteFile1 implements FlatMapFunction<HostEvent, Detection> {

  public static final AnalyticInfo INFO =
      new AnalyticInfo(
          "smb_remote_file_1",
          "SMB share connect by a non-machine account (playbook I)",
          List.of("T1021.002"),
          "low");

  public static boolean matches(HostEvent e) {
    // pandas: ~contains('.*IPC.*', na=True) drops a missing ShareName as well as IPC$.
    return isShareConnect(e) && e.shareName != null && !isIpcShare(e) && isNonMachineAccount(e);
  }

  @Override
  public void flatMap(HostEvent e, Collector<Detection> out) {
    if (matches(e)) {
      out.collect(Detections.fromHostEvent(INFO, e));
    }
  }
}
