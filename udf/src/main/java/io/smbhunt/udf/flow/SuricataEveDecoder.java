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
 * <p>Mapping by {@code smb.command} ({@link SuricataCommand}):
 *
 * <ul>
 *   <li>WRITE → {@code smb.write}, or {@code smb.write_pipe} when the record is on a pipe; READ →
 *       {@code smb.read(_pipe)}; CREATE → {@code smb.create(_pipe)}. A record is on a pipe when its
 *       {@code share_type} is PIPE, it has a {@code named_pipe}, its share is IPC$ (or its tree was
 *       connected to a pipe share), or it carries a {@code dcerpc} section.
 *   <li>TREE_CONNECT → {@code smb.tree_connect}. Suricata logs a pipe share's path as {@code
 *       named_pipe} instead of {@code share}, so that is the share here, not a pipe.
 *   <li>IOCTL / SMB1 TRANS with a {@code dcerpc} section → {@code smb.write_pipe}: that is
 *       FSCTL_PIPE_TRANSCEIVE / TransactNmPipe, which write the RPC request to the pipe. Without
 *       it, {@code smb.other}.
 *   <li>CLOSE/DELETE/RENAME (or a {@code rename} section) → {@code smb.close/delete/rename};
 *       everything else (negotiate, session setup, …) → {@code smb.other}.
 * </ul>
 *
 * <p>Suricata's CREATE records carry no share, and DCE/RPC records neither share nor file. So this
 * decoder remembers each TREE_CONNECT's share per (flow_id, tree_id) — a file's records are read in
 * order — and fills it into later records of that tree. A CREATE whose tree was not seen (the eve
 * file was rotated in between) counts as a pipe open only if its name is a well-known RPC pipe
 * ({@link PipeNames}), like Suricata's documented {@code atsvc} example.
 *
 * <p>Names: {@code fileName} = {@code filename} (or {@code directory}), relative to the share as in
 * Zeek records and Windows' 5145, the share in its own column; {@code pipeName} from {@code
 * named_pipe} or the pipe's {@code filename}. DCE/RPC: {@code rpcEndpoint} is the interface UUID's
 * name as Zeek spells it ({@link RpcInterfaces}), {@code rpcOperation} the {@code opnum} (Suricata
 * does not name operations); Suricata 6 names the interface only on the BIND, so a call without one
 * gets the interface bound last on its tree. A DCE/RPC call's pipe name is not in its record and
 * stays {@code null}.
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
          .add(F.FILEINFO_SIZE, "fileinfo", "size")
          .build();

  private final SuricataTrees trees = new SuricataTrees();

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
    String sessionId = fields.text(F.SESSION_ID);
    String user = fields.text(F.NTLMSSP_USER);
    if (user != null && !user.isEmpty()) {
      trees.signedIn(f.connectionId, sessionId, user);
    }
    f.user = trees.user(f.connectionId, sessionId);
    long size = FlowValues.size(fields.text(F.SIZE)); // CREATE logs the file's size
    f.size = size < 0 ? null : size;
    boolean dcerpc = fields.has(F.DCERPC_REQUEST);
    if (dcerpc) {
      f.rpcEndpoint = RpcInterfaces.name(interfaceUuid(b, off, len));
      f.rpcOperation = fields.text(F.DCERPC_OPNUM);
    }
    SuricataCommand command = SuricataCommand.of(f.action);
    boolean transfer = command == SuricataCommand.WRITE || command == SuricataCommand.READ;
    if (fileinfo && !transfer) {
      return result.notRelevant();
    }
    // A file moved over SMB is logged twice where both outputs are on (Suricata's default): as an
    // smb event and as a fileinfo event with the same smb section. Either may be all there is (a
    // sensor with smb logging off keeps fileinfo), so the first of the two is the record and the
    // second a repeat of it.
    if (transfer && !trees.firstReport(f.connectionId, fields.text(F.SMB_ID), f.action)) {
      return result.notRelevant();
    }
    if (fileinfo) {
      long fileSize = FlowValues.size(fields.text(F.FILEINFO_SIZE));
      f.size = fileSize < 0 ? f.size : fileSize;
    }
    if (command == SuricataCommand.TREE_CONNECT) {
      return treeConnect(f);
    }
    String treeId = fields.text(F.TREE_ID);
    if (dcerpc) {
      // Suricata 7 names the interface on every call; Suricata 6 only on the BIND (and
      // ALTER_CONTEXT). A call without one is taken as the interface bound last on its tree:
      // right for a client that uses one pipe at a time on a tree, a guess when two interleave.
      // A bind that names none (Suricata 6 on RPC over WRITE/READ) leaves the next calls unnamed
      // rather than named after the bind before it.
      if (f.rpcEndpoint != null || !fields.equalsIgnoreCase(F.DCERPC_REQUEST, REQUEST)) {
        trees.bound(f.connectionId, treeId, f.rpcEndpoint);
      }
    }
    SuricataTrees.Tree tree = trees.get(f.connectionId, treeId);
    if (dcerpc && f.rpcEndpoint == null && tree != null) {
      f.rpcEndpoint = tree.boundInterface;
    }
    String share = sharePath(F.SHARE);
    String shareType = fields.text(F.SHARE_TYPE);
    f.share = share != null ? share : tree == null ? null : tree.share;
    f.shareType = shareType != null ? shareType : tree == null ? null : tree.shareType;
    String namedPipe = fields.text(F.NAMED_PIPE);
    String name = fields.text(F.FILENAME);
    if (name == null) {
      name = fields.text(F.DIRECTORY);
    }
    boolean pipe =
        namedPipe != null
            || dcerpc
            || "PIPE".equalsIgnoreCase(f.shareType)
            || PipeNames.isIpcShare(f.share)
            || (tree != null && tree.pipe)
            || (command == SuricataCommand.CREATE
                && f.share == null
                && PipeNames.isWellKnown(PipeNames.normalize(name)));
    f.protocol = protocol(command, pipe, dcerpc);
    if (pipe) {
      f.pipeNameRaw = namedPipe != null ? namedPipe : name;
      f.pipeName = PipeNames.normalize(f.pipeNameRaw);
    } else if (name != null) {
      f.fileName = PipeNames.shareRelative(name);
    }
    return result.flow(f);
  }

  private String protocol(SuricataCommand command, boolean pipe, boolean dcerpc) {
    switch (command) {
      case WRITE:
        return pipe ? SmbProtocols.WRITE_PIPE : SmbProtocols.WRITE;
      case READ:
        return pipe ? SmbProtocols.READ_PIPE : SmbProtocols.READ;
      case CREATE:
        return pipe ? SmbProtocols.CREATE_PIPE : SmbProtocols.CREATE;
      case TRANSCEIVE:
        return dcerpc ? SmbProtocols.WRITE_PIPE : SmbProtocols.OTHER;
      case CLOSE:
        return SmbProtocols.CLOSE;
      case DELETE:
        return SmbProtocols.DELETE;
      case RENAME:
        return SmbProtocols.RENAME;
      default:
        return fields.has(F.RENAME_FROM) ? SmbProtocols.RENAME : SmbProtocols.OTHER;
    }
  }

  private FlowDecodeResult treeConnect(FlowRecord f) {
    String share = sharePath(F.SHARE);
    String pipeShare = sharePath(F.NAMED_PIPE);
    f.protocol = SmbProtocols.TREE_CONNECT;
    f.share = share != null ? share : pipeShare;
    f.shareType = fields.text(F.SHARE_TYPE);
    boolean pipe =
        pipeShare != null || "PIPE".equalsIgnoreCase(f.shareType) || PipeNames.isIpcShare(f.share);
    trees.put(f.connectionId, fields.text(F.TREE_ID), f.share, f.shareType, pipe);
    return result.flow(f);
  }

  /**
   * A share path as Suricata logs it, or {@code null}. Suricata (6 and 7) writes {@code "share":
   * ""} on SMB2 READ/WRITE records (the share then comes from the tree's TREE_CONNECT) and SMB1
   * paths with one leading backslash ({@code \host\C$}, where its SMB2 records and the wire have
   * two): both seen in its output for real captures (udf/src/test/resources/flow/README.md).
   */
  private String sharePath(F field) {
    String path = fields.text(field);
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
