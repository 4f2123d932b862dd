package io.smbhunt.udf.pcap;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SmbProtocols;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SMB2 flow records tshark's decode implies, built from a checked-in fixture (see the README
 * next to them) without any code of the package under test: tree connects and creates on their
 * successful responses (name from the request with the same msg_id), writes and reads on their
 * requests (name through the FileId a create response returned), pipe transceives.
 */
final class TsharkOracle {

  /** tshark's SMB2 frames of the Security-Datasets capture. */
  static final String COVENANT = "/pcap/covenant_smb2_tshark.tsv";

  /** tshark's SMB2 frames of the capture tools/samba_capture.sh recorded. */
  static final String SAMBA = "/pcap/samba_smb2_tshark.tsv";

  /** tshark's SMB2 frames of the Impacket capture tools/samba_capture.sh recorded. */
  static final String IMPACKET = "/pcap/impacket_smb2_tshark.tsv";

  private static final Set<String> REPORTED = Set.of("3", "5", "8", "9", "11");

  private TsharkOracle() {}

  /** One fixture row: a frame and its (possibly compounded) SMB2 fields. */
  static final class Row {
    final Map<String, String> fields = new HashMap<>();

    String get(String name) {
      String v = fields.get(name);
      return v == null ? "" : v;
    }
  }

  static List<Row> rows(String fixture) {
    try (InputStream in = TsharkOracle.class.getResourceAsStream(fixture)) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      String[] header = lines[0].split("\t", -1);
      List<Row> rows = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        String[] cells = lines[i].split("\t", -1);
        Row r = new Row();
        for (int j = 0; j < header.length; j++) {
          r.fields.put(header[j], j < cells.length ? cells[j] : "");
        }
        rows.add(r);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<FlowRecord> expected(String fixture, String source) {
    Map<String, Row> requests = new HashMap<>();
    Map<String, String[]> files = new HashMap<>(); // conn|fid -> {name, share, shareType}
    Map<String, String> users = new HashMap<>(); // conn|sesid -> NTLM user name
    List<FlowRecord> out = new ArrayList<>();
    for (Row r : rows(fixture)) {
      String ntlmUser = r.get("ntlmssp.auth.username");
      if (!ntlmUser.isEmpty() && !ntlmUser.equals("NULL")) {
        users.put(connection(r) + "|" + r.get("smb2.sesid"), ntlmUser);
      }
      int before = out.size();
      addRecords(r, source, requests, files, out);
      // A record's user is its session's NTLM sign-in (a SESSION_SETUP frame before it).
      for (int i = before; i < out.size(); i++) {
        out.get(i).user = users.get(connection(r) + "|" + r.get("smb2.sesid"));
      }
    }
    out.sort(Captures.ORDER);
    return out;
  }

  private static void addRecords(
      Row r,
      String source,
      Map<String, Row> requests,
      Map<String, String[]> files,
      List<FlowRecord> out) {
    String[] commands = r.get("smb2.cmd").split(";");
    if (commands.length > 1) {
      // tshark does not align absent fields across a compound; none here is reported anyway.
      if (Arrays.stream(commands).anyMatch(REPORTED::contains)) {
        throw new AssertionError(
            "compound with a reported command: frame " + r.get("frame.number"));
      }
      return;
    }
    boolean response = r.get("smb2.flags.response").equals("1");
    String conn = connection(r);
    String key = conn + "|" + r.get("smb2.msg_id");
    if (!response) {
      requests.put(key, r);
    }
    String cmd = commands[0];
    boolean ok = r.get("smb2.nt_status").equals("0x00000000");
    if (cmd.equals("3") && response && ok) {
      String share = requests.get(key).get("smb2.tree");
      int type = Integer.decode(r.get("smb2.share_type"));
      out.add(
          record(
              r,
              source,
              true,
              SmbProtocols.TREE_CONNECT,
              "SMB2_TREE_CONNECT",
              share,
              type,
              null,
              null));
    } else if (cmd.equals("5") && response && ok) {
      String name = requests.get(key).get("smb2.filename");
      String share = r.get("smb2.tree");
      int type = Integer.decode(r.get("smb2.share_type"));
      files.put(conn + "|" + r.get("smb2.fid"), new String[] {name, share, String.valueOf(type)});
      boolean pipe = type == 2;
      out.add(
          record(
              r,
              source,
              true,
              pipe ? SmbProtocols.CREATE_PIPE : SmbProtocols.CREATE,
              "SMB2_CREATE",
              share,
              type,
              name,
              null));
    } else if ((cmd.equals("9") || cmd.equals("8")) && !response) {
      boolean write = cmd.equals("9");
      long size = Long.parseLong(r.get(write ? "smb2.write_length" : "smb2.read_length"));
      out.add(
          transfer(
              r,
              source,
              files.get(conn + "|" + r.get("smb2.fid")),
              write,
              write ? "SMB2_WRITE" : "SMB2_READ",
              size));
    } else if (cmd.equals("11") && !response && r.get("smb2.ioctl.function").equals("0x0011c017")) {
      String[] f = files.get(conn + "|" + r.get("smb2.fid"));
      // The bytes written to the pipe are one DCE/RPC fragment (fixtures made with that field).
      String fragment = r.get("dcerpc.cn_frag_len");
      Long size = fragment.isEmpty() ? null : Long.valueOf(fragment);
      out.add(record(r, source, false, SmbProtocols.WRITE_PIPE, "SMB2_IOCTL", f[1], 2, f[0], size));
    }
  }

  /**
   * A WRITE or READ request's record, named through its file ({@code {name, share, shareType}} as a
   * create response left it); on a pipe share it is a pipe write or read.
   */
  static FlowRecord transfer(
      Row r, String source, String[] file, boolean write, String action, long size) {
    int type = Integer.parseInt(file[2]);
    String protocol =
        write
            ? (type == 2 ? SmbProtocols.WRITE_PIPE : SmbProtocols.WRITE)
            : (type == 2 ? SmbProtocols.READ_PIPE : SmbProtocols.READ);
    return record(r, source, false, protocol, action, file[1], type, file[0], size);
  }

  static FlowRecord record(
      Row r,
      String source,
      boolean response,
      String protocol,
      String action,
      String share,
      int shareType,
      String name,
      Long size) {
    FlowRecord f = new FlowRecord();
    f.source = source;
    f.line = Long.parseLong(r.get("frame.number"));
    f.timestamp =
        new BigDecimal(r.get("frame.time_epoch"))
            .movePointRight(3)
            .setScale(0, RoundingMode.FLOOR)
            .longValueExact();
    f.srcIp = r.get(response ? "ip.dst" : "ip.src");
    f.srcPort = Integer.valueOf(r.get(response ? "tcp.dstport" : "tcp.srcport"));
    f.dstIp = r.get(response ? "ip.src" : "ip.dst");
    f.dstPort = Integer.valueOf(r.get(response ? "tcp.srcport" : "tcp.dstport"));
    f.protocol = protocol;
    f.share = share;
    f.shareType = shareType == 1 ? "DISK" : shareType == 2 ? "PIPE" : "PRINT";
    if (name != null) {
      if (shareType == 2) {
        f.pipeNameRaw = name;
        f.pipeName = name.replaceFirst("^\\\\+", "").toLowerCase(Locale.ROOT);
      } else {
        f.fileName = name.replaceFirst("^\\\\+", "");
      }
    }
    f.size = size;
    f.sensor = "pcap";
    f.connectionId = connection(r);
    f.action = action;
    return f;
  }

  /** Lower endpoint (address bytes, then port) first. */
  static String connection(Row r) {
    String a = r.get("ip.src") + ":" + r.get("tcp.srcport");
    String b = r.get("ip.dst") + ":" + r.get("tcp.dstport");
    int c = compare(r.get("ip.src"), r.get("ip.dst"));
    if (c == 0) {
      c =
          Integer.compare(
              Integer.parseInt(r.get("tcp.srcport")), Integer.parseInt(r.get("tcp.dstport")));
    }
    return c <= 0 ? a + "-" + b : b + "-" + a;
  }

  private static int compare(String x, String y) {
    try {
      return Arrays.compareUnsigned(
          InetAddress.getByName(x).getAddress(), InetAddress.getByName(y).getAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
