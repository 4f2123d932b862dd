package io.smbhunt.job.analytics;

import static io.smbhunt.job.analytics.PlaybookPredicates.isNonMachineAccount;
import static io.smbhunt.job.analytics.PlaybookPredicates.isShareAccessCheck;

import io.smbhunt.udf.event.HostEvent;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * CAR-2014-03-001's question asked of host events, for networks without an SMB-decoding sensor: a
 * 5145 on {@code IPC$} whose RelativeTargetName is a named pipe, requested with write access (the
 * WriteData bit) by a non-machine account. Same pipe lists and severities as the CAR analytic; the
 * share name test is case-insensitive since Windows share names are.
 */
public class SmbNamedPipeHost implements FlatMapFunction<HostEvent, Detection> {

  public static final AnalyticInfo INFO =
      new AnalyticInfo(
          "smb_named_pipe_host",
          "Named pipe opened for writing over SMB (5145 on IPC$) by a non-machine account",
          List.of("T1570", "T1021.002"),
          "medium");

  private final NamedPipes pipes;
  private final boolean includeAllowlisted;

  public SmbNamedPipeHost(NamedPipes pipes, boolean includeAllowlisted) {
    this.pipes = pipes;
    this.includeAllowlisted = includeAllowlisted;
  }

  @Override
  public void flatMap(HostEvent e, Collector<Detection> out) {
    if (!isShareAccessCheck(e)
        || !isIpcShareName(e.shareName)
        || e.relativeTargetName == null
        || e.relativeTargetName.isBlank()
        || !e.hasWriteDataBit()
        || !isNonMachineAccount(e)) {
      return;
    }
    NamedPipes.Standing standing = pipes.standing(e.relativeTargetName);
    if (standing == NamedPipes.Standing.ALLOWLISTED && !includeAllowlisted) {
      return;
    }
    Detection d = Detections.fromHostEvent(INFO, e);
    d.severity = standing.severity;
    d.target = NamedPipes.normalise(e.relativeTargetName);
    out.collect(d);
  }

  /** {@code \\*\IPC$}: on that share every RelativeTargetName is a pipe. */
  private static boolean isIpcShareName(String share) {
    return share != null && share.toUpperCase(java.util.Locale.ROOT).endsWith("\\IPC$");
  }
}
