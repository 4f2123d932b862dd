package io.smbhunt.job.analytics;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.PipeNames;
import io.smbhunt.udf.flow.SmbProtocols;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * MITRE CAR-2014-03-001 "SMB Write Request - Named Pipes": flow records to port 445 whose protocol
 * is {@code smb.write_pipe}; one row per pipe write, the pipe as target. The severity comes from
 * the named-pipe lists: watched pipes (winreg, atsvc, svcctl, PsExec's …) rank high, allow-listed
 * ones (spoolss, msftewds) are dropped unless asked for.
 *
 * <p>Where a sensor never logs the writes, the pipe's open stands in for them (SPEC §4: CREATE
 * records where writes are missing): Suricata logs no writes to pipes that carry no DCE/RPC, and
 * Zeek logs no pipe writes unless told to, and its dce_rpc log covers RPC pipes only. So PsExec's
 * and RemCom's {@code -stdin}/{@code RemCom_*} pipes, written over plain WRITE requests, show in
 * their logs only as opens. For those two sensors an {@code smb.create_pipe} of a pipe that is no
 * well-known RPC pipe gives a row too, its {@code detail} saying so; RPC pipes are covered by their
 * logged calls, and a capture's own decoder logs every write.
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
    if (!FlowDetections.toSmbPort(flow)) {
      return;
    }
    String pipe = flow.pipeName != null ? flow.pipeName : NamedPipes.normalise(flow.pipeNameRaw);
    if (pipe.isEmpty()) {
      pipe = null; // Suricata's DCE/RPC records name the interface, not the pipe
    }
    boolean openStandsIn = opensPipeWithUnloggedWrites(flow, pipe);
    if (!openStandsIn && !SmbProtocols.WRITE_PIPE.equals(flow.protocol)) {
      return;
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
    Detection row = FlowDetections.fromFlow(INFO, standing.severity, flow, pipe);
    if (openStandsIn) {
      row.detail = OPEN_STANDS_IN;
    }
    out.collect(row);
  }

  /** The {@code detail} of a row whose pipe open stands in for writes the sensor did not log. */
  public static final String OPEN_STANDS_IN = "pipe opened; the sensor logs no writes to it";

  private static boolean opensPipeWithUnloggedWrites(FlowRecord flow, String pipe) {
    return SmbProtocols.CREATE_PIPE.equals(flow.protocol)
        && pipe != null
        && !PipeNames.isWellKnown(pipe)
        && (FlowRecord.SENSOR_SURICATA.equals(flow.sensor)
            || FlowRecord.SENSOR_ZEEK.equals(flow.sensor));
  }
}
