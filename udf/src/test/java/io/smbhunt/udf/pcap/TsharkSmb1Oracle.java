package io.smbhunt.udf.pcap;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SmbProtocols;
import io.smbhunt.udf.pcap.TsharkOracle.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SMB1 flow records tshark's decode implies, built from a checked-in fixture (see the README
 * next to them) without any code of the package under test, as {@link TsharkOracle} does for SMB2:
 * a successful TREE_CONNECT_ANDX or NT_CREATE_ANDX response is a record, WRITE_ANDX and READ_ANDX
 * requests and TransactNmPipe requests are records named through the FID a create response
 * returned. A request and its response are paired by connection, MID and PID. A record's user is
 * its session's (connection and UID) sign-in: the NTLM user name of an extended-security
 * SESSION_SETUP_ANDX, or the account name a legacy one sends before the response gives the UID.
 */
final class TsharkSmb1Oracle {

  /** tshark's SMB1 frames of tools/samba_capture.sh's impacket-smb1 capture. */
  static final String IMPACKET = "/pcap/impacket_smb1_smb1_tshark.tsv";

  /** tshark's SMB1 frames of the lab capture (its last sessions speak SMB1). */
  static final String SAMBA = "/pcap/samba_lateral_smb1_tshark.tsv";

  /** tshark's SMB1 frames of the legacy sign-in capture. */
  static final String LEGACY = "/pcap/smb1_legacy_signin_smb1_tshark.tsv";

  private static final String TREE_CONNECT_ANDX = "0x75";
  private static final String NT_CREATE_ANDX = "0xa2";
  private static final String WRITE_ANDX = "0x2f";
  private static final String READ_ANDX = "0x2e";
  private static final String TRANSACTION = "0x25";
  private static final String SESSION_SETUP_ANDX = "0x73";
  private static final String TRANSACT_NMPIPE = "0x0026";

  private TsharkSmb1Oracle() {}

  static List<FlowRecord> expected(String fixture, String source) {
    Map<String, Row> requests = new HashMap<>(); // conn|mid|pid -> request
    Map<String, String[]> trees = new HashMap<>(); // conn|uid|tid -> {share, shareType}
    Map<String, String[]> files = new HashMap<>(); // conn|fid -> {name, share, shareType}
    Map<String, String> users = new HashMap<>(); // conn|uid -> user name
    List<FlowRecord> out = new ArrayList<>();
    for (Row r : TsharkOracle.rows(fixture)) {
      String conn = TsharkOracle.connection(r);
      String cmd = first(r, "smb.cmd").split(";")[0];
      boolean response = r.get("smb.flags.response").equals("1");
      boolean ok = r.get("smb.nt_status").equals("0x00000000");
      String key = conn + "|" + r.get("smb.mid") + "|" + r.get("smb.pid");
      Row request = response ? requests.get(key) : null;
      if (!response) {
        requests.put(key, r);
      }
      String session = conn + "|" + r.get("smb.uid");
      FlowRecord f = null;
      if (cmd.equals(SESSION_SETUP_ANDX)) {
        String ntlm = r.get("ntlmssp.auth.username");
        if (!response && !ntlm.isEmpty() && !ntlm.equals("NULL")) {
          users.put(session, ntlm);
        } else if (response && ok && request != null && !request.get("smb.account").isEmpty()) {
          users.put(session, request.get("smb.account"));
        }
      } else if (cmd.equals(TREE_CONNECT_ANDX) && response && ok) {
        String service = r.get("smb.service");
        int type = service.equals("A:") ? 1 : service.equals("IPC") ? 2 : 3;
        String share = first(r, "smb.path");
        trees.put(session + "|" + r.get("smb.tid"), new String[] {share, String.valueOf(type)});
        f =
            TsharkOracle.record(
                r,
                source,
                true,
                SmbProtocols.TREE_CONNECT,
                "SMB1_TREE_CONNECT_ANDX",
                share,
                type,
                null,
                null);
      } else if (cmd.equals(NT_CREATE_ANDX) && response && ok) {
        String name = first(request, "smb.file");
        String[] tree = trees.get(session + "|" + request.get("smb.tid"));
        int type = Integer.parseInt(tree[1]);
        files.put(conn + "|" + first(r, "smb.fid"), new String[] {name, tree[0], tree[1]});
        f =
            TsharkOracle.record(
                r,
                source,
                true,
                type == 2 ? SmbProtocols.CREATE_PIPE : SmbProtocols.CREATE,
                "SMB1_NT_CREATE_ANDX",
                tree[0],
                type,
                name,
                null);
      } else if ((cmd.equals(WRITE_ANDX) || cmd.equals(READ_ANDX)) && !response) {
        boolean write = cmd.equals(WRITE_ANDX);
        long size =
            write
                ? Long.parseLong(r.get("smb.data_len_high")) << 16
                    | Long.parseLong(r.get("smb.data_len_low"))
                : Long.parseLong(r.get("smb.maxcount_low"));
        f =
            TsharkOracle.transfer(
                r,
                source,
                files.get(conn + "|" + first(r, "smb.fid")),
                write,
                write ? "SMB1_WRITE_ANDX" : "SMB1_READ_ANDX",
                size);
      } else if (cmd.equals(TRANSACTION)
          && !response
          && r.get("smb_pipe.function").equals(TRANSACT_NMPIPE)) {
        String[] file = files.get(conn + "|" + first(r, "smb.fid"));
        f =
            TsharkOracle.record(
                r,
                source,
                false,
                SmbProtocols.WRITE_PIPE,
                "SMB1_TRANSACTION",
                file[1],
                2,
                file[0],
                Long.parseLong(r.get("smb.tdc")));
      }
      if (f != null) {
        f.user = users.get(session);
        out.add(f);
      }
    }
    out.sort(Captures.ORDER);
    return out;
  }

  /**
   * The first value of a field: tshark adds the values it infers (a FID's file name, a TID's path)
   * after or before the frame's own, so only fields a frame carries once are read whole.
   */
  private static String first(Row r, String field) {
    return r.get(field).split(";")[0];
  }
}
