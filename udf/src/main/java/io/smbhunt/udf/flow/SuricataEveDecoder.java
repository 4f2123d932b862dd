package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_ADDRESS;
import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_PORT;
import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_TIMESTAMP;
import static io.smbhunt.udf.flow.FlowDecodeResult.MISSING_FIELD;
import static io.smbhunt.udf.flow.FlowDecodeResult.WRONG_TYPE;

import io.smbhunt.udf.event.EventTimes;
import io.smbhunt.udf.json.JsonFieldScanner;
import io.smbhunt.udf.json.Swar;
import java.nio.charset.StandardCharsets;

/**
 * Suricata eve.json {@code event_type: smb} records (the schema of Suricata's "Eve JSON Format"
 * guide and {@code rust/src/smb/log.rs}), and the {@code fileinfo} events of files moved over SMB,
 * which carry the same smb section (the one record of a file write where smb logging is off; a
 * repeat of the smb event's where it is on). Every other event type (flow, alert, dns, …) is
 * NOT_RELEVANT and costs no allocation.
 *
 * <p>Each line is read alone, and nothing is remembered between lines: a record's endpoints, time,
 * command, size and RPC call are its own, but its share, user, pipe and so its protocol come from
 * other records of its flow (Suricata logs a CREATE without its share), which may be in any order,
 * in another file, or in a part of the file another task reads after a restore. So a record leaves
 * here with those facts in {@link FlowRecord#suricata} and no protocol; {@link SuricataFlow}
 * completes it once its flow has been read (the job keys Suricata records by flow for that).
 *
 * <p>Names: the share as Suricata wrote it, with SMB1's one leading backslash made two ({@link
 * #sharePath}); the RPC interface's UUID as Zeek names it ({@link RpcInterfaces}), the operation
 * its {@code opnum} (Suricata does not name operations).
 */
final class SuricataEveDecoder extends FlowFileDecoder {

  static final String SENSOR = FlowRecord.SENSOR_SURICATA;

  private static final byte[] SMB = "smb".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FILEINFO = "fileinfo".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] UUID_KEY = "\"uuid\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REQUEST = "request".getBytes(StandardCharsets.US_ASCII);

  private enum F {
    EVENT_TYPE,
    TIMESTAMP,
    FLOW_ID,
    SRC_IP,
    SRC_PORT,
    DEST_IP,
    DEST_PORT,
    SMB_ID,
    COMMAND,
    TREE_ID,
    FILENAME,
    DIRECTORY,
    SHARE,
    SHARE_TYPE,
    NAMED_PIPE,
    SIZE,
    RENAME_FROM,
    DCERPC_REQUEST,
    DCERPC_OPNUM,
    DCERPC_INTERFACE_UUID,
    DCERPC_INTERFACES,
    SESSION_ID,
    NTLMSSP_USER,
    STATUS,
    STATUS_CODE,
    FILEINFO_SIZE
  }

  private static final F[] TEXT_FIELDS = {
    F.TIMESTAMP,
    F.FLOW_ID,
    F.SRC_IP,
    F.SRC_PORT,
    F.DEST_IP,
    F.DEST_PORT,
    F.COMMAND,
    F.TREE_ID,
    F.FILENAME,
    F.DIRECTORY,
    F.SHARE,
    F.SHARE_TYPE,
    F.NAMED_PIPE
  };

  private final JsonFields<F> fields =
      JsonFields.builder(F.class)
          .add(F.EVENT_TYPE, "event_type")
          .add(F.TIMESTAMP, "timestamp")
          .add(F.FLOW_ID, "flow_id")
          .add(F.SRC_IP, "src_ip")
          .add(F.SRC_PORT, "src_port")
          .add(F.DEST_IP, "dest_ip")
          .add(F.DEST_PORT, "dest_port")
          .add(F.SMB_ID, "smb", "id")
          .add(F.COMMAND, "smb", "command")
          .add(F.TREE_ID, "smb", "tree_id")
          .add(F.FILENAME, "smb", "filename")
          .add(F.DIRECTORY, "smb", "directory")
          .add(F.SHARE, "smb", "share")
          .add(F.SHARE_TYPE, "smb", "share_type")
          .add(F.NAMED_PIPE, "smb", "named_pipe")
          .add(F.SIZE, "smb", "size")
          .add(F.RENAME_FROM, "smb", "rename", "from")
          .add(F.DCERPC_REQUEST, "smb", "dcerpc", "request")
          .add(F.DCERPC_OPNUM, "smb", "dcerpc", "opnum")
          .add(F.DCERPC_INTERFACE_UUID, "smb", "dcerpc", "interface", "uuid")
          .add(F.DCERPC_INTERFACES, "smb", "dcerpc", "interfaces")
          .add(F.SESSION_ID, "smb", "session_id")
          .add(F.NTLMSSP_USER, "smb", "ntlmssp", "user")
          .add(F.STATUS, "smb", "status")
          .add(F.STATUS_CODE, "smb", "status_code")
          .add(F.FILEINFO_SIZE, "fileinfo", "size")
          .build();

  SuricataEveDecoder() {
    super(FlowFormat.SURICATA_EVE);
  }

  @Override
  public FlowDecodeResult decode(byte[] b, int off, int len, String source, long line) {
    if (!fields.scan(b, off, len)) {
      return result.quarantine(fields.error(), fields.errorDetail());
    }
    if (!fields.has(F.EVENT_TYPE)) {
      return result.quarantine(MISSING_FIELD, "no event_type: not an eve.json record");
    }
    boolean fileinfo = fields.equalsIgnoreCase(F.EVENT_TYPE, FILEINFO);
    if (!fields.equalsIgnoreCase(F.EVENT_TYPE, SMB) && !(fileinfo && fields.has(F.COMMAND))) {
      return result.notRelevant();
    }
    F wrong = fields.firstWrongType(TEXT_FIELDS);
    if (wrong != null) {
      return result.quarantine(
          WRONG_TYPE, fields.name(wrong) + " is an object, array or boolean, not text");
    }
    if (!fields.has(F.SMB_ID) && !fields.has(F.COMMAND)) {
      return result.quarantine(MISSING_FIELD, "no smb section (smb.id / smb.command)");
    }
    FlowRecord f = endpoints(source, line);
    if (f == null) {
      return result; // endpoints() has set the quarantine reason
    }
    if (fileinfo) {
      clientToServer(f);
    }
    f.action = fields.text(F.COMMAND);
    f.connectionId = fields.text(F.FLOW_ID);
    SuricataCommand command = SuricataCommand.of(f.action);
    if (fileinfo && !command.isTransfer()) {
      return result.notRelevant();
    }
    long size = FlowValues.size(fields.text(fileinfo ? F.FILEINFO_SIZE : F.SIZE));
    if (fileinfo && size < 0) {
      size = FlowValues.size(fields.text(F.SIZE));
    }
    f.size = size < 0 ? null : size; // CREATE logs the file's size; fileinfo the transfer's
    SuricataFacts s = new SuricataFacts();
    s.dcerpc = fields.has(F.DCERPC_REQUEST);
    if (s.dcerpc) {
      f.rpcEndpoint = RpcInterfaces.name(interfaceUuid(b, off, len));
      f.rpcOperation = fields.text(F.DCERPC_OPNUM);
      // Suricata 7 names the interface on every call; Suricata 6 only on the BIND (and
      // ALTER_CONTEXT), and a bind that names none (Suricata 6 on RPC over WRITE/READ) leaves the
      // next calls unnamed rather than named after the bind before it.
      s.bindsInterface =
          f.rpcEndpoint != null || !fields.equalsIgnoreCase(F.DCERPC_REQUEST, REQUEST);
    }
    s.fileinfo = fileinfo;
    s.transaction = FlowValues.size(fields.text(F.SMB_ID));
    s.microsOfMilli = microsOfMilli(fields.text(F.TIMESTAMP));
    s.treeId = fields.text(F.TREE_ID);
    s.sessionId = fields.text(F.SESSION_ID);
    String user = fields.text(F.NTLMSSP_USER);
    s.signedInAs = user == null || user.isEmpty() ? null : user;
    s.share = sharePath(fields.text(F.SHARE));
    s.shareType = fields.text(F.SHARE_TYPE);
    s.namedPipe = fields.text(F.NAMED_PIPE);
    String name = fields.text(F.FILENAME);
    s.name = name != null ? name : fields.text(F.DIRECTORY);
    s.rename = fields.has(F.RENAME_FROM);
    s.failed = failed(fields.text(F.STATUS_CODE), fields.text(F.STATUS));
    f.suricata = s;
    return result.flow(f);
  }

  /**
   * Whether the server refused the command: Suricata logs a TREE_CONNECT or CREATE whatever its
   * answer (a tree connect denied with {@code STATUS_ACCESS_DENIED} and tree 0, an open of a pipe
   * that does not exist with {@code STATUS_OBJECT_NAME_NOT_FOUND}), where the capture decoder and
   * Zeek log only those that succeeded. {@code status_code} ({@code "0x0"}, {@code "0xc0000022"};
   * SMB1 DOS errors {@code "0x005b"}) is read first, else {@code status} ({@code STATUS_SUCCESS}).
   * Neither field: not failed.
   */
  static boolean failed(String statusCode, String status) {
    if (statusCode != null && !statusCode.isEmpty()) {
      String hex =
          statusCode.startsWith("0x") || statusCode.startsWith("0X")
              ? statusCode.substring(2)
              : statusCode;
      try {
        return Long.parseUnsignedLong(hex, 16) != 0;
      } catch (NumberFormatException e) {
        // fall through to the status name
      }
    }
    return status != null && !status.isEmpty() && !"STATUS_SUCCESS".equalsIgnoreCase(status);
  }

  /**
   * The microseconds after the millisecond of an ISO-8601 time ({@code …:27.358817+0000} → 817),
   * which order two records of one millisecond.
   */
  static int microsOfMilli(String ts) {
    int dot = ts == null ? -1 : ts.indexOf('.', ts.indexOf('T') + 1);
    int micros = 0;
    for (int i = dot + 4; dot >= 0 && i < dot + 7; i++) {
      int d = i < ts.length() ? ts.charAt(i) - '0' : -1;
      if (d < 0 || d > 9) {
        return 0;
      }
      micros = micros * 10 + d;
    }
    return micros;
  }

  /**
   * A share path as Suricata logs it, or {@code null}. Suricata (6 and 7) writes {@code "share":
   * ""} on SMB2 READ/WRITE records (the share then comes from the tree's TREE_CONNECT) and SMB1
   * paths with one leading backslash ({@code \host\C$}, where its SMB2 records and the wire have
   * two): both seen in its output for real captures (udf/src/test/resources/flow/README.md).
   */
  static String sharePath(String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    boolean oneLeadingBackslash =
        path.length() > 1 && path.charAt(0) == '\\' && path.charAt(1) != '\\';
    return oneLeadingBackslash && path.indexOf('\\', 1) > 1 ? "\\" + path : path;
  }

  /**
   * A fileinfo event is addressed the way its file's bytes went, so a download (READ) comes from
   * the server's port 445 to the client (protectwise/suricata-ipc's test event, 2016). Flow records
   * go client → server, as smb events do.
   */
  private static void clientToServer(FlowRecord f) {
    if (f.srcPort != null
        && ZeekRowMapper.isSmbPort(f.srcPort)
        && !ZeekRowMapper.isSmbPort(f.dstPort)) {
      String ip = f.srcIp;
      int port = f.srcPort;
      f.srcIp = f.dstIp;
      f.srcPort = f.dstPort;
      f.dstIp = ip;
      f.dstPort = port;
    }
  }

  /** The common header: time, addresses, ports; {@code null} (and a quarantine) if unusable. */
  private FlowRecord endpoints(String source, long line) {
    String ts = fields.text(F.TIMESTAMP);
    if (ts == null) {
      result.quarantine(MISSING_FIELD, "no timestamp");
      return null;
    }
    long t = EventTimes.parseMillis(ts);
    if (t == EventTimes.INVALID) {
      result.quarantine(
          INVALID_TIMESTAMP, "timestamp '" + ZeekRowMapper.cut(ts) + "' is not ISO-8601");
      return null;
    }
    String srcIp = fields.text(F.SRC_IP);
    String destIp = fields.text(F.DEST_IP);
    String destPort = fields.text(F.DEST_PORT);
    String missing =
        srcIp == null
            ? "src_ip"
            : destIp == null ? "dest_ip" : destPort == null ? "dest_port" : null;
    if (missing != null) {
      result.quarantine(MISSING_FIELD, "no " + missing);
      return null;
    }
    String badAddress = badAddress(srcIp, destIp);
    if (badAddress != null) {
      result.quarantine(INVALID_ADDRESS, badAddress);
      return null;
    }
    int dstPort = FlowValues.port(destPort);
    String srcPortText = fields.text(F.SRC_PORT);
    int srcPort = srcPortText == null ? -1 : FlowValues.port(srcPortText);
    if (dstPort < 0 || (srcPortText != null && srcPort < 0)) {
      String bad = dstPort < 0 ? "dest_port '" + destPort : "src_port '" + srcPortText;
      result.quarantine(INVALID_PORT, ZeekRowMapper.cut(bad) + "' is not a port number");
      return null;
    }
    FlowRecord f = new FlowRecord();
    f.source = source;
    f.line = line;
    f.timestamp = t;
    f.srcIp = srcIp;
    f.srcPort = srcPort < 0 ? null : srcPort;
    f.dstIp = destIp;
    f.dstPort = dstPort;
    f.sensor = SENSOR;
    return f;
  }

  /**
   * The interface UUID of a DCE/RPC record. Suricata writes it inside the {@code
   * smb.dcerpc.interfaces} array (for a REQUEST only the interface of the call's context), which
   * the field scanner cannot index, so the first {@code "uuid"} key of the line is read directly;
   * no other part of an eve smb record has that key. A {@code smb.dcerpc.interface.uuid} object
   * (some converters flatten the array so) is taken first.
   */
  private String interfaceUuid(byte[] b, int off, int len) {
    String flat = fields.text(F.DCERPC_INTERFACE_UUID);
    if (flat != null || fields.type(F.DCERPC_INTERFACES) != JsonFieldScanner.ARRAY) {
      return flat;
    }
    int end = off + len;
    int at = Swar.indexOf(b, off, end, UUID_KEY);
    if (at < 0) {
      return null;
    }
    int i = at + UUID_KEY.length;
    while (i < end && (b[i] == ' ' || b[i] == ':' || b[i] == '\t')) {
      i++;
    }
    if (i >= end || b[i] != '"') {
      return null;
    }
    int s = i + 1;
    int e = s;
    while (e < end && b[e] != '"' && b[e] != '\\') {
      e++;
    }
    return e < end && b[e] == '"' ? new String(b, s, e - s, StandardCharsets.UTF_8) : null;
  }

  /** Why src_ip or dest_ip is no IP address, or null (the CAR form names them alike). */
  static String badAddress(String srcIp, String destIp) {
    if (!FlowValues.isAddress(srcIp)) {
      return "src_ip '" + ZeekRowMapper.cut(srcIp) + "' is not an IP address";
    }
    if (!FlowValues.isAddress(destIp)) {
      return "dest_ip '" + ZeekRowMapper.cut(destIp) + "' is not an IP address";
    }
    return null;
  }
}
