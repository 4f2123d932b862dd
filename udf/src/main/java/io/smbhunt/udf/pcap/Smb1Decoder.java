package io.smbhunt.udf.pcap;

import io.smbhunt.udf.flow.SmbProtocols;
import java.util.List;

/**
 * The SMB1 commands that are cheap to decode and matter for lateral movement: TREE_CONNECT_ANDX,
 * NT_CREATE_ANDX, WRITE_ANDX, READ_ANDX and TRANSACTION/TransactNmPipe (SMB1's pipe transceive,
 * used by PsExec-era tools), plus CLOSE, TREE_DISCONNECT and LOGOFF_ANDX to keep the tables right.
 * AndX chains are followed. Every other command is counted as {@link PcapReasons#SMB1_NOT_DECODED};
 * NEGOTIATE and SESSION_SETUP_ANDX are recognised and carry nothing to report (an SMB1 NEGOTIATE
 * opens most SMB2 connections too).
 *
 * <p>SMB1 state shares {@link Smb2ConnectionState}'s tables (a connection speaks one dialect):
 * session = UID, tree = TID, FileId = FID, message id = PID &lt;&lt; 16 | MID.
 */
final class Smb1Decoder {

  private static final int CLOSE = 0x04;
  private static final int TRANSACTION = 0x25;
  private static final int READ_ANDX = 0x2e;
  private static final int WRITE_ANDX = 0x2f;
  private static final int TREE_DISCONNECT = 0x71;
  private static final int NEGOTIATE = 0x72;
  private static final int SESSION_SETUP_ANDX = 0x73;
  private static final int LOGOFF_ANDX = 0x74;
  private static final int TREE_CONNECT_ANDX = 0x75;
  private static final int NT_CREATE_ANDX = 0xa2;
  private static final int TRANS_TRANSACT_NMPIPE = 0x26;
  private static final int PENDING = 0x100;

  private Smb1Decoder() {}

  /** The fixed header's fields and where the current command's words and bytes are. */
  private static final class Command {
    int code;
    boolean response;
    boolean unicode;
    long status;
    long tid;
    long uid;
    long messageId;
    int wordCount;
    int words;
    int bytes;
    int bytesEnd;
  }

  static void decode(
      Smb2ConnectionState st, SmbMessage m, PcapDecodeCounters c, List<SmbFlow> out) {
    byte[] b = m.data;
    if (b.length < 35) {
      c.increment(PcapReasons.SMB1_NOT_DECODED);
      return;
    }
    Command x = new Command();
    x.code = b[4] & 0xff;
    x.status = Bytes.u32le(b, 5);
    x.response = (b[9] & 0x80) != 0;
    x.unicode = (Bytes.u16le(b, 10) & 0x8000) != 0;
    x.tid = Bytes.u16le(b, 24);
    x.uid = Bytes.u16le(b, 28);
    x.messageId = (long) Bytes.u16le(b, 26) << 16 | Bytes.u16le(b, 30);
    SmbFlowBuilder.clientDirection(st, m, x.response);
    int at = 32;
    for (int n = 0; n < PcapLimits.MAX_COMPOUND_COMMANDS; n++) {
      x.wordCount = b[at] & 0xff;
      x.words = at + 1;
      int byteCount = x.words + 2 * x.wordCount;
      if (byteCount + 2 > b.length) {
        c.increment(PcapReasons.SMB1_NOT_DECODED);
        return;
      }
      x.bytes = byteCount + 2;
      x.bytesEnd = Math.min(x.bytes + Bytes.u16le(b, byteCount), b.length);
      command(st, m, x, c, out);
      if (!isAndX(x.code) || x.wordCount < 2) {
        return;
      }
      int next = b[x.words] & 0xff;
      int nextAt = Bytes.u16le(b, x.words + 2);
      if (next == 0xff || nextAt <= at || nextAt >= b.length) {
        return;
      }
      x.code = next;
      at = nextAt;
    }
  }

  private static boolean isAndX(int code) {
    return code == READ_ANDX
        || code == WRITE_ANDX
        || code == SESSION_SETUP_ANDX
        || code == LOGOFF_ANDX
        || code == TREE_CONNECT_ANDX
        || code == NT_CREATE_ANDX
        || code == 0x24 // LOCKING_ANDX
        || code == 0x2d; // OPEN_ANDX
  }

  private static void command(
      Smb2ConnectionState st, SmbMessage m, Command x, PcapDecodeCounters c, List<SmbFlow> out) {
    byte[] b = m.data;
    switch (x.code) {
      case NEGOTIATE:
        return;
      case SESSION_SETUP_ANDX:
        signIn(st, b, x, c);
        return;
      case TREE_CONNECT_ANDX:
        if (!x.response && x.wordCount >= 4) {
          int path = x.bytes + Bytes.u16le(b, x.words + 6); // after the password
          pending(st, x, string(b, x, path, c), c);
        } else if (x.response) {
          treeConnected(st, m, x, c, out);
        }
        return;
      case NT_CREATE_ANDX:
        if (!x.response && x.wordCount >= 24) {
          int length = Bytes.u16le(b, x.words + 5);
          int name = x.unicode ? x.bytes + (x.bytes & 1) : x.bytes;
          int end = Math.min(x.bytesEnd, name + length);
          String text =
              name >= end
                  ? ""
                  : x.unicode
                      ? SmbNames.utf16(b, name, end - name, c)
                      : SmbNames.oem(b, name, end, c);
          pending(st, x, text, c);
        } else if (x.response) {
          created(st, m, x, c, out);
        }
        return;
      case WRITE_ANDX:
      case READ_ANDX:
        if (!x.response && x.wordCount >= (x.code == WRITE_ANDX ? 12 : 10)) {
          boolean write = x.code == WRITE_ANDX;
          long size =
              write
                  ? (long) Bytes.u16le(b, x.words + 18) << 16 | Bytes.u16le(b, x.words + 20)
                  : Bytes.u16le(b, x.words + 10);
          fileOp(st, m, x, Bytes.u16le(b, x.words + 4), write, size, c, out);
        }
        return;
      case TRANSACTION:
        if (!x.response && x.wordCount >= 16 && (b[x.words + 26] & 0xff) >= 2) {
          if (Bytes.u16le(b, x.words + 28) == TRANS_TRANSACT_NMPIPE) {
            int fid = Bytes.u16le(b, x.words + 30);
            fileOp(st, m, x, fid, true, (long) Bytes.u16le(b, x.words + 2), c, out);
            return;
          }
        }
        if (!x.response) {
          c.increment(PcapReasons.SMB1_NOT_DECODED);
        }
        return;
      case CLOSE:
        if (!x.response && x.wordCount >= 1) {
          Smb2Tables.removeFile(st, x.uid, Bytes.u16le(b, x.words), 0);
        }
        return;
      case TREE_DISCONNECT:
        if (!x.response) {
          Smb2Tables.removeTree(st, x.uid, x.tid, true);
        }
        return;
      case LOGOFF_ANDX:
        if (!x.response) {
          Smb2Tables.removeSession(st, x.uid);
        }
        return;
      default:
        c.increment(PcapReasons.SMB1_NOT_DECODED);
    }
  }

  /**
   * Who a session signs in as. Extended security (12 words): the NTLM AUTHENTICATE in the security
   * blob, sent with the session's UID. Legacy (13 words, NT LM 0.12 without SPNEGO): the account
   * name in clear after the two passwords, sent before the server has given the UID, so it waits
   * for the answer.
   */
  private static void signIn(Smb2ConnectionState st, byte[] b, Command x, PcapDecodeCounters c) {
    if (x.response) {
      Smb2PendingRequest p = Smb2Tables.take(st, x.messageId, PENDING | SESSION_SETUP_ANDX);
      if (p != null && x.status == 0) {
        Smb2Tables.putSession(st, x.uid, p.name, c);
      }
    } else if (x.wordCount == 12) {
      int end = Math.min(x.bytes + Bytes.u16le(b, x.words + 14), x.bytesEnd);
      String user = NtlmAuthenticate.userName(b, x.bytes, end, c);
      if (user != null) {
        Smb2Tables.putSession(st, x.uid, user, c);
      }
    } else if (x.wordCount == 13) {
      int passwords = Bytes.u16le(b, x.words + 14) + Bytes.u16le(b, x.words + 16);
      String user = string(b, x, x.bytes + passwords, c);
      if (!user.isEmpty()) {
        pending(st, x, user, c);
      }
    }
  }

  private static void treeConnected(
      Smb2ConnectionState st, SmbMessage m, Command x, PcapDecodeCounters c, List<SmbFlow> out) {
    Smb2PendingRequest p = Smb2Tables.take(st, x.messageId, PENDING | TREE_CONNECT_ANDX);
    if (x.status != 0) {
      c.increment(PcapReasons.SMB2_ERROR_RESPONSE);
      return;
    }
    if (p == null) {
      c.increment(PcapReasons.SMB2_RESPONSE_WITHOUT_REQUEST);
    }
    // The service string is always OEM: "A:" disk, "IPC" named pipe, "LPT1:" printer.
    String service = SmbNames.oem(m.data, x.bytes, x.bytesEnd, c);
    Smb2Tree t = new Smb2Tree();
    t.sessionId = x.uid;
    t.treeId = x.tid;
    t.share = p == null ? null : p.name;
    t.shareType =
        service.equals("A:")
            ? SmbNames.SHARE_DISK
            : service.equals("IPC")
                ? SmbNames.SHARE_PIPE
                : service.startsWith("LPT") ? SmbNames.SHARE_PRINT : SmbNames.SHARE_UNKNOWN;
    Smb2Tables.putTree(st, t, c);
    Smb2Decoder.emit(
        st, m, SmbFlowBuilder.treeConnect("SMB1_TREE_CONNECT_ANDX", t, x.uid, x.messageId), c, out);
  }

  private static void created(
      Smb2ConnectionState st, SmbMessage m, Command x, PcapDecodeCounters c, List<SmbFlow> out) {
    Smb2PendingRequest p = Smb2Tables.take(st, x.messageId, PENDING | NT_CREATE_ANDX);
    if (x.status != 0) {
      c.increment(PcapReasons.SMB2_ERROR_RESPONSE);
      return;
    }
    if (x.wordCount < 4) {
      c.increment(PcapReasons.SMB2_BAD_COMMAND);
      return;
    }
    if (p == null) {
      c.increment(PcapReasons.SMB2_RESPONSE_WITHOUT_REQUEST);
    }
    Smb2OpenFile f = new Smb2OpenFile();
    f.sessionId = x.uid;
    f.treeId = p == null ? x.tid : p.treeId;
    f.fileIdPersistent = Bytes.u16le(m.data, x.words + 5);
    f.name = p == null ? null : p.name;
    Smb2Tree t = Smb2Tables.findTree(st, f.sessionId, f.treeId);
    f.share = t == null ? null : t.share;
    f.shareType = t == null ? SmbNames.SHARE_UNKNOWN : t.shareType;
    Smb2Tables.putFile(st, f, c);
    SmbFlowBuilder.Op op = new SmbFlowBuilder.Op();
    op.pipe = SmbNames.isPipe(f.shareType, f.share);
    op.protocol = op.pipe ? SmbProtocols.CREATE_PIPE : SmbProtocols.CREATE;
    op.action = "SMB1_NT_CREATE_ANDX";
    op.share = f.share;
    op.shareType = f.shareType;
    op.name = f.name;
    op.sessionId = x.uid;
    op.messageId = x.messageId;
    Smb2Decoder.emit(st, m, op, c, out);
  }

  private static void fileOp(
      Smb2ConnectionState st,
      SmbMessage m,
      Command x,
      int fid,
      boolean write,
      long size,
      PcapDecodeCounters c,
      List<SmbFlow> out) {
    SmbFlowBuilder.Op op = new SmbFlowBuilder.Op();
    Smb2OpenFile f = Smb2Tables.findFile(st, x.uid, fid, 0);
    if (f != null) {
      op.name = f.name;
      op.share = f.share;
      op.shareType = f.shareType;
    } else {
      c.increment(PcapReasons.SMB2_UNKNOWN_FILE_ID);
      Smb2Tree t = Smb2Tables.findTree(st, x.uid, x.tid);
      op.share = t == null ? null : t.share;
      op.shareType = t == null ? SmbNames.SHARE_UNKNOWN : t.shareType;
    }
    boolean transact = x.code == TRANSACTION;
    op.pipe = transact || SmbNames.isPipe(op.shareType, op.share);
    op.protocol =
        write
            ? (op.pipe ? SmbProtocols.WRITE_PIPE : SmbProtocols.WRITE)
            : (op.pipe ? SmbProtocols.READ_PIPE : SmbProtocols.READ);
    op.action = transact ? "SMB1_TRANSACTION" : write ? "SMB1_WRITE_ANDX" : "SMB1_READ_ANDX";
    op.size = size;
    op.sessionId = x.uid;
    op.messageId = x.messageId;
    Smb2Decoder.emit(st, m, op, c, out);
  }

  private static void pending(
      Smb2ConnectionState st, Command x, String name, PcapDecodeCounters c) {
    Smb2PendingRequest p = new Smb2PendingRequest();
    p.messageId = x.messageId;
    p.command = PENDING | x.code;
    p.sessionId = x.uid;
    p.treeId = x.tid;
    p.name = name;
    Smb2Tables.putPending(st, p, c);
  }

  /** A NUL-terminated string at {@code at}: UTF-16 aligned to 2 bytes when Unicode, else OEM. */
  private static String string(byte[] b, Command x, int at, PcapDecodeCounters c) {
    if (!x.unicode) {
      return SmbNames.oem(b, Math.min(at, x.bytesEnd), x.bytesEnd, c);
    }
    int start = at + (at & 1);
    int stop = start;
    while (stop + 1 < x.bytesEnd && (b[stop] != 0 || b[stop + 1] != 0)) {
      stop += 2;
    }
    return start >= x.bytesEnd ? "" : SmbNames.utf16(b, start, stop - start, c);
  }
}
