package io.smbhunt.job.analytics;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SmbProtocols;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * MITRE CAR-2013-05-003 "SMB Write Request": flow records to port 445 whose protocol is {@code
 * smb.write}; one row per write, the written file as target. SMB writes need more access than
 * reads, so they single out activity that changes remote hosts (staging, tool transfer).
 */
public class Car2013_05_003 implements FlatMapFunction<FlowRecord, Detection> {

  public static final AnalyticInfo INFO =
      new AnalyticInfo(
          "car_2013_05_003",
          "SMB write request (MITRE CAR-2013-05-003)",
          List.of("T1570", "T1021.002"),
          "medium");

  public static boolean matches(FlowRecord flow) {
    return FlowDetections.toSmbPort(flow) && SmbProtocols.WRITE.equals(flow.protocol);
  }

  @Override
  public void flatMap(FlowRecord flow, Collector<Detection> out) {
    if (matches(flow)) {
      out.collect(FlowDetections.fromFlow(INFO, INFO.severity(), flow, flow.fileName));
    }
  }
}
