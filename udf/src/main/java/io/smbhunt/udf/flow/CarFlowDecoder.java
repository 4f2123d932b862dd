package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_ADDRESS;
import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_PORT;
import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_TIMESTAMP;
import static io.smbhunt.udf.flow.FlowDecodeResult.MISSING_FIELD;
import static io.smbhunt.udf.flow.FlowDecodeResult.WRONG_TYPE;

/**
 * The CAR flow form: the abstract {@code flow} object of MITRE CAR's data model, which the CAR
 * analytics' pseudocode filters ({@code dest_port == "445" and protocol == "smb.write_pipe"}),
 * written as JSON lines — the shape a hunter gets by exporting flows from a CAR-modelled store.
 *
 * <p>Fields: {@code protocol} (required; {@code smb.write} etc. in any case, an unknown {@code
 * smb.*} becomes {@code smb.other}, a non-SMB protocol makes the line NOT_RELEVANT), {@code
 * src_ip}, {@code src_port}, {@code dest_ip}, {@code dest_port} (ports as numbers or digit strings
 * — the pseudocode compares with {@code "445"}), the time in {@code start_time}, else {@code
 * timestamp}, else {@code @timestamp} (ISO-8601 or epoch milliseconds), and {@code proto_info}
 * {@code {file_name, pipe_name, share}} (also accepted flattened as {@code proto_info.file_name}).
 * Names are kept as given; {@code pipeName} is normalised like every sensor's.
 */
final class CarFlowDecoder extends FlowFileDecoder {

  static final String SENSOR = "car";

  private enum F {
    PROTOCOL,
    TIME,
    SRC_IP,
    SRC_PORT,
    DEST_IP,
    DEST_PORT,
    FILE_NAME,
    PIPE_NAME,
    SHARE
  }

  private static final F[] TEXT_FIELDS = F.values();

  private final JsonFields<F> fields =
      JsonFields.builder(F.class)
          .add(F.PROTOCOL, "protocol")
          .add(F.TIME, "start_time")
          .add(F.TIME, "timestamp")
          .add(F.TIME, "@timestamp")
          .add(F.SRC_IP, "src_ip")
          .add(F.SRC_PORT, "src_port")
          .add(F.DEST_IP, "dest_ip")
          .add(F.DEST_PORT, "dest_port")
          .add(F.FILE_NAME, "proto_info", "file_name")
          .add(F.FILE_NAME, "proto_info.file_name")
          .add(F.PIPE_NAME, "proto_info", "pipe_name")
          .add(F.PIPE_NAME, "proto_info.pipe_name")
          .add(F.SHARE, "proto_info", "share")
          .add(F.SHARE, "proto_info.share")
          .build();

  CarFlowDecoder() {
    super(FlowFormat.CAR_FLOW);
  }

  @Override
  public FlowDecodeResult decode(byte[] b, int off, int len, String source, long line) {
    if (!fields.scan(b, off, len)) {
      return result.quarantine(fields.error(), fields.errorDetail());
    }
    F wrong = fields.firstWrongType(TEXT_FIELDS);
    if (wrong != null) {
      return result.quarantine(
          WRONG_TYPE, fields.name(wrong) + " is an object, array or boolean, not text");
    }
    String protocolText = fields.text(F.PROTOCOL);
    if (protocolText == null) {
      return result.quarantine(MISSING_FIELD, "no protocol (e.g. smb.write)");
    }
    String protocol = SmbProtocols.fromCarName(protocolText);
    if (protocol == null) {
      return result.notRelevant(); // a flow of another protocol: http, dns, …
    }
    String timeText = fields.text(F.TIME);
    if (timeText == null) {
      return result.quarantine(MISSING_FIELD, "no start_time (nor timestamp, @timestamp)");
    }
    long t = FlowValues.carTime(timeText);
    if (t == FlowValues.INVALID_TIME) {
      return result.quarantine(
          INVALID_TIMESTAMP,
          "time '" + ZeekRowMapper.cut(timeText) + "' is neither ISO-8601 nor epoch milliseconds");
    }
    String srcIp = fields.text(F.SRC_IP);
    String destIp = fields.text(F.DEST_IP);
    String destPort = fields.text(F.DEST_PORT);
    String missing =
        srcIp == null
            ? "src_ip"
            : destIp == null ? "dest_ip" : destPort == null ? "dest_port" : null;
    if (missing != null) {
      return result.quarantine(MISSING_FIELD, "no " + missing);
    }
    String badAddress = SuricataEveDecoder.badAddress(srcIp, destIp);
    if (badAddress != null) {
      return result.quarantine(INVALID_ADDRESS, badAddress);
    }
    int dstPort = FlowValues.port(destPort);
    String srcPortText = fields.text(F.SRC_PORT);
    int srcPort = srcPortText == null ? -1 : FlowValues.port(srcPortText);
    if (dstPort < 0 || (srcPortText != null && srcPort < 0)) {
      String bad = dstPort < 0 ? "dest_port '" + destPort : "src_port '" + srcPortText;
      return result.quarantine(INVALID_PORT, ZeekRowMapper.cut(bad) + "' is not a port number");
    }
    FlowRecord f = new FlowRecord();
    f.source = source;
    f.line = line;
    f.timestamp = t;
    f.srcIp = srcIp;
    f.srcPort = srcPort < 0 ? null : srcPort;
    f.dstIp = destIp;
    f.dstPort = dstPort;
    f.protocol = protocol;
    f.sensor = SENSOR;
    f.fileName = fields.text(F.FILE_NAME);
    f.pipeNameRaw = fields.text(F.PIPE_NAME);
    f.pipeName = PipeNames.normalize(f.pipeNameRaw);
    f.share = fields.text(F.SHARE);
    return result.flow(f);
  }
}
