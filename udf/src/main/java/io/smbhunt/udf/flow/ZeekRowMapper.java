package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_ADDRESS;
import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_PORT;
import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_SIZE;
import static io.smbhunt.udf.flow.FlowDecodeResult.INVALID_TIMESTAMP;
import static io.smbhunt.udf.flow.FlowDecodeResult.MISSING_FIELD;

/**
 * Maps one Zeek SMB record to a {@link FlowRecord}. The JSON and TSV decoders only differ in how
 * they find a field's text; both feed this one class, which is why the two forms of one log decode
 * to identical records.
 *
 * <p>Required in every log: {@code ts}, {@code id.orig_h}, {@code id.resp_h}, {@code id.resp_p}
 * (the CAR analytics filter on the server and its port); {@code id.orig_p} is kept when present.
 * The mapping of each log is documented on {@link #mapSmbFiles}, {@link #mapSmbMapping} and {@link
 * #mapDceRpc}.
 */
final class ZeekRowMapper {

  static final String SENSOR = FlowRecord.SENSOR_ZEEK;

  /** How a decoder exposes a record's values: unset → {@code null}, else the text. */
  interface Values {
    String get(ZeekField f);
  }

  private ZeekRowMapper() {}

  /**
   * @param repeats the smb_files records of this file seen so far without an fuid ({@link
   *     ZeekRepeats})
   */
  static FlowDecodeResult map(
      ZeekLog log, Values v, ZeekRepeats repeats, String source, long line, FlowDecodeResult r) {
    String tsText = v.get(ZeekField.TS);
    if (tsText == null) {
      return r.quarantine(MISSING_FIELD, "no ts: the record has no time");
    }
    long ts = FlowValues.zeekTime(tsText);
    if (ts == FlowValues.INVALID_TIME) {
      return r.quarantine(
          INVALID_TIMESTAMP, "ts '" + cut(tsText) + "' is neither epoch seconds nor ISO-8601");
    }
    String origH = v.get(ZeekField.ORIG_H);
    String respH = v.get(ZeekField.RESP_H);
    String respP = v.get(ZeekField.RESP_P);
    if (origH == null) {
      return r.quarantine(MISSING_FIELD, "no id.orig_h (the client address)");
    }
    if (respH == null) {
      return r.quarantine(MISSING_FIELD, "no id.resp_h (the server address)");
    }
    if (respP == null) {
      return r.quarantine(MISSING_FIELD, "no id.resp_p (the server port)");
    }
    String badAddress =
        !FlowValues.isAddress(origH)
            ? "id.orig_h '" + cut(origH)
            : !FlowValues.isAddress(respH) ? "id.resp_h '" + cut(respH) : null;
    if (badAddress != null) {
      return r.quarantine(INVALID_ADDRESS, badAddress + "' is not an IP address");
    }
    int dstPort = FlowValues.port(respP);
    if (dstPort < 0) {
      return r.quarantine(INVALID_PORT, "id.resp_p '" + cut(respP) + "' is not a port number");
    }
    String origP = v.get(ZeekField.ORIG_P);
    int srcPort = origP == null ? -1 : FlowValues.port(origP);
    if (origP != null && srcPort < 0) {
      return r.quarantine(INVALID_PORT, "id.orig_p '" + cut(origP) + "' is not a port number");
    }
    FlowRecord f = new FlowRecord();
    f.source = source;
    f.line = line;
    f.timestamp = ts;
    f.srcIp = origH;
    f.srcPort = srcPort < 0 ? null : srcPort;
    f.dstIp = respH;
    f.dstPort = dstPort;
    f.sensor = SENSOR;
    f.connectionId = v.get(ZeekField.UID);
    switch (log) {
      case SMB_FILES:
        return mapSmbFiles(v, repeats, f, r);
      case SMB_MAPPING:
        return mapSmbMapping(v, f, r);
      default:
        return mapDceRpc(v, f, r);
    }
  }

  /**
   * smb_files: the {@code action} decides the protocol.
   *
   * <ul>
   *   <li>{@code SMB::FILE_WRITE} → {@code smb.write}, {@code FILE_READ} → {@code smb.read}, {@code
   *       FILE_OPEN} → {@code smb.create} (Zeek logs an open for every CREATE request, new file or
   *       not), {@code FILE_DELETE} → {@code smb.delete}, {@code FILE_RENAME} → {@code smb.rename},
   *       {@code FILE_CLOSE}/{@code PIPE_CLOSE} → {@code smb.close}.
   *   <li>{@code SMB::PIPE_WRITE/READ/OPEN} → the {@code _pipe} forms.
   *   <li>A {@code FILE_*} action on a pipe takes the pipe form too: Zeek logs pipe opens on IPC$
   *       as {@code FILE_OPEN} with name {@code \svcctl} and no {@code path} (the real WRCCDC
   *       sample has eleven). It is a pipe when {@code path} is the IPC$ share, or when there is no
   *       {@code path} and the name is {@code \word} (one leading backslash, none after), {@code
   *       \pipe\word} or a well-known RPC pipe without a backslash ({@code atsvc}, {@code samr}:
   *       Zeek's own documentation of the 401trg at_schedule capture, a Trickbot capture's {@code
   *       FILE_OPEN}s). A bare name that is not on that list stays a file: Zeek's smb2-read-write
   *       test logs the file {@code pythonfile2} without a path. With a disk-share {@code path} a
   *       {@code \x.exe} is a file at the share root (SMB1 names start with a backslash), so the
   *       name rules are not applied there.
   *   <li>Bro 2.4–2.5's {@code SMB::UNKNOWN_OPEN/READ/WRITE/CLOSE} (the share type was not seen)
   *       map like their {@code FILE_} forms, pipe or file by the same rules.
   *   <li>A record that repeats an earlier one of its connection, now with the {@code fuid}, is not
   *       relevant: Zeek logged the same action twice ({@link ZeekRepeats}).
   *   <li>Anything else ({@code FILE_SET_ATTRIBUTE}, {@code PRINT_*}) → {@code smb.other}: print
   *       spooling and attribute changes are neither tool transfer nor RPC.
   * </ul>
   *
   * <p>Files get {@code fileName} = {@code name}, relative to the share as Windows' 5145
   * RelativeTargetName is, with {@code share} = {@code path} in its own column; pipes get {@code
   * pipeName} (normalised) and {@code pipeNameRaw} from {@code name}. {@code size} = {@code size}.
   */
  static FlowDecodeResult mapSmbFiles(
      Values v, ZeekRepeats repeats, FlowRecord f, FlowDecodeResult r) {
    String action = v.get(ZeekField.ACTION);
    if (action == null) {
      return r.quarantine(MISSING_FIELD, "no action: an smb_files record needs SMB::<action>");
    }
    String sizeText = v.get(ZeekField.SIZE);
    long size = sizeText == null ? -1 : FlowValues.size(sizeText);
    if (sizeText != null && size < 0) {
      return r.quarantine(INVALID_SIZE, "size '" + cut(sizeText) + "' is not a byte count");
    }
    if (repeats.isRepeat(v)) {
      return r.notRelevant(); // logged again once its fuid was known: the record before it
    }
    String path = v.get(ZeekField.PATH);
    String name = v.get(ZeekField.NAME);
    String verb = action.startsWith("SMB::") ? action.substring(5) : action;
    boolean pipe = verb.startsWith("PIPE_") || isPipe(path, name);
    f.action = action;
    f.share = path;
    f.size = size < 0 ? null : size;
    f.protocol = filesProtocol(verb, pipe);
    if (pipe) {
      f.pipeNameRaw = name;
      f.pipeName = PipeNames.normalize(name);
    } else {
      f.fileName = PipeNames.shareRelative(name);
    }
    return r.flow(f);
  }

  private static String filesProtocol(String verb, boolean pipe) {
    switch (verb) {
      case "FILE_WRITE":
      case "PIPE_WRITE":
      case "UNKNOWN_WRITE":
        return pipe ? SmbProtocols.WRITE_PIPE : SmbProtocols.WRITE;
      case "FILE_READ":
      case "PIPE_READ":
      case "UNKNOWN_READ":
        return pipe ? SmbProtocols.READ_PIPE : SmbProtocols.READ;
      case "FILE_OPEN":
      case "PIPE_OPEN":
      case "UNKNOWN_OPEN":
        return pipe ? SmbProtocols.CREATE_PIPE : SmbProtocols.CREATE;
      case "FILE_DELETE":
        return SmbProtocols.DELETE;
      case "FILE_RENAME":
        return SmbProtocols.RENAME;
      case "FILE_CLOSE":
      case "PIPE_CLOSE":
      case "UNKNOWN_CLOSE":
        return SmbProtocols.CLOSE;
      default:
        return SmbProtocols.OTHER;
    }
  }

  /** See {@link #mapSmbFiles}: IPC$, or no share and a pipe-shaped or well-known pipe name. */
  static boolean isPipe(String path, String name) {
    if (PipeNames.isIpcShare(path)) {
      return true;
    }
    if (path != null || name == null) {
      return false;
    }
    if (PipeNames.isWellKnown(PipeNames.normalize(name))) {
      return true;
    }
    if (name.length() < 2 || name.charAt(0) != '\\') {
      return false;
    }
    return name.indexOf('\\', 1) < 0 || name.regionMatches(true, 0, "\\pipe\\", 0, 6);
  }

  /**
   * smb_mapping → {@code smb.tree_connect}, {@code share} = {@code path}, {@code shareType} =
   * {@code share_type} as logged. A mapping without {@code path} (Zeek did not see the tree connect
   * request, one PIPE row in the real sample) is kept with a null share: the connection still
   * happened.
   */
  static FlowDecodeResult mapSmbMapping(Values v, FlowRecord f, FlowDecodeResult r) {
    f.protocol = SmbProtocols.TREE_CONNECT;
    f.share = v.get(ZeekField.PATH);
    f.shareType = v.get(ZeekField.SHARE_TYPE);
    return r.flow(f);
  }

  /**
   * dce_rpc → {@code smb.write_pipe}: an RPC request over SMB is written to the named pipe, which
   * is what CAR-2014-03-001 means by a pipe write, and sensors that do not log FILE_WRITE (Zeek by
   * default, see {@code SMB::logged_file_actions}) still log these. {@code pipeName} is {@code
   * named_pipe} normalised, {@code rpcEndpoint} = {@code endpoint}, {@code rpcOperation} = {@code
   * operation}.
   *
   * <p>{@code named_pipe} is the BIND_ACK's secondary address: for RPC over TCP that is the port
   * ({@code 135}, {@code 1030}), so an all-digit value means no SMB was involved → NOT_RELEVANT.
   * Without {@code named_pipe} the port decides: 445/139 is SMB (pipe unknown), anything else is
   * not.
   */
  static FlowDecodeResult mapDceRpc(Values v, FlowRecord f, FlowDecodeResult r) {
    String pipe = v.get(ZeekField.NAMED_PIPE);
    if (pipe == null ? !isSmbPort(f.dstPort) : FlowValues.size(pipe) >= 0) {
      return r.notRelevant();
    }
    f.protocol = SmbProtocols.WRITE_PIPE;
    f.pipeNameRaw = pipe;
    f.pipeName = PipeNames.normalize(pipe);
    f.rpcEndpoint = v.get(ZeekField.ENDPOINT);
    f.rpcOperation = v.get(ZeekField.OPERATION);
    return r.flow(f);
  }

  static boolean isSmbPort(int port) {
    return port == 445 || port == 139;
  }

  static String cut(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
