package io.smbhunt.job.analytics;

import io.smbhunt.udf.flow.FlowRecord;

/** Builds output rows from SMB flow records (CAR analytics). */
public final class FlowDetections {

  private FlowDetections() {}

  /**
   * A row for {@code flow}: the target host is the flow's destination (the SMB server), the
   * evidence is the flow record's file and line.
   */
  public static Detection fromFlow(
      AnalyticInfo info, String severity, FlowRecord flow, String target) {
    Detection d = new Detection();
    d.analyticId = info.id();
    d.title = info.title();
    d.attackTechniques = info.attackTechniques().toArray(new String[0]);
    d.severity = severity;
    d.eventTime = flow.timestamp;
    d.host = flow.dstIp;
    d.user = flow.user;
    d.srcIp = flow.srcIp;
    d.srcPort = flow.srcPort;
    d.dstIp = flow.dstIp;
    d.dstPort = flow.dstPort;
    d.share = flow.share;
    d.target = target;
    d.detail = rpcCall(flow);
    d.evidence = new Evidence[] {new Evidence(flow.source, flow.line, flow.timestamp, null)};
    return d;
  }

  /** {@code svcctl CreateServiceW}: the RPC interface and operation a pipe write carried. */
  static String rpcCall(FlowRecord flow) {
    if (flow.rpcEndpoint == null && flow.rpcOperation == null) {
      return null;
    }
    String endpoint = flow.rpcEndpoint == null ? "?" : flow.rpcEndpoint;
    return flow.rpcOperation == null ? endpoint : endpoint + " " + flow.rpcOperation;
  }

  /** CAR's {@code dest_port == "445"}: SMB directly over TCP. */
  static boolean toSmbPort(FlowRecord flow) {
    return flow.dstPort != null && flow.dstPort == 445;
  }
}
