package io.smbhunt.job.analytics;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SmbProtocols;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * MITRE CAR-2014-03-001 "SMB Write Request - Named Pipes": flow records to port 445 whose protocol
 * is {@code smb.write_pipe}; one row per pipe write, the pipe as target. The severity comes from
 * the named-pipe lists: watched pipes (winreg, atsvc, svcctl, PsExec's …) rank high, allow-listed
 * ones (spoolss, msftewds) are dropped unless asked for.
 */
public class Car2014_03_001 implements FlatMapFunction<FlowRecord, Detection> {

  public static final AnalyticInfo INFO =
      new AnalyticInfo(
          "car_2014_03_001",
          "SMB write to a named pipe (MITRE CAR-2014-03-001)",
          List.of("T1570"),
          "medium");

  private final NamedPipes pipes;
  private final boolean includeAllowlisted;

  public Car2014_03_001(NamedPipes pipes, boolean includeAllowlisted) {
    this.pipes = pipes;
    this.includeAllowlisted = includeAllowlisted;
  }

  @Override
  public void flatMap(FlowRecord flow, Collector<Detection> out) {
    if (!FlowDetections.toSmbPort(flow) || !SmbProtocols.WRITE_PIPE.equals(flow.protocol)) {
      return;
    }
    String pipe = flow.pipeName != null ? flow.pipeName : NamedPipes.normalise(flow.pipeNameRaw);
    if (pipe.isEmpty()) {
      pipe = null; // Suricata's DCE/RPC records name the interface, not the pipe
    }
    // Zeek's dce_rpc names the server's reply pipe (svcctl answers on \pipe\ntsvcs): the RPC
    // interface says as much about intent as the pipe does, so the graver of the two counts. A
    // pipe that is not named is not an unlisted one: then the interface alone ranks the write.
    NamedPipes.Standing standing = pipe == null ? null : pipes.standing(pipe);
    if (flow.rpcEndpoint != null) {
      NamedPipes.Standing byEndpoint = pipes.standing(flow.rpcEndpoint);
      if (standing == null || byEndpoint.ordinal() < standing.ordinal()) {
        standing = byEndpoint;
      }
    }
    if (standing == null) {
      standing = NamedPipes.Standing.OTHER;
    }
    if (standing == NamedPipes.Standing.ALLOWLISTED && !includeAllowlisted) {
      return;
    }
    out.collect(FlowDetections.fromFlow(INFO, standing.severity, flow, pipe));
  }
}
