package io.smbhunt.udf.pcap;

import io.smbhunt.udf.flow.SmbProtocols;
import java.util.List;

/**
 * Decodes SMB2/3 messages (one or a compound chain of commands) against a connection's {@link
 * Smb2ConnectionState} and reports the operations the analytics need.
 *
 * <ul>
 *   <li>TREE_CONNECT request: the path, remembered by MessageId; its successful response maps the
 *       TreeId to that path and share type and is reported ({@code smb.tree_connect}).
 *   <li>CREATE request: the name, by MessageId; its successful response maps the 16-byte FileId to
 *       the name and the tree's share and is reported ({@code smb.create}/{@code smb.create_pipe}).
 *   <li>WRITE and READ requests ({@code smb.write}/{@code smb.write_pipe}, {@code smb.read}/{@code
 *       smb.read_pipe}) and IOCTL FSCTL_PIPE_TRANSCEIVE requests ({@code smb.write_pipe}: most
 *       RPC-over-SMB tools call through it rather than WRITE) are reported with the name their
 *       FileId maps to, on the request.
 *   <li>CLOSE, TREE_DISCONNECT and LOGOFF requests forget what they end; NEGOTIATE records the
 *       dialect.
 * </ul>
 *
 * <p>In a compound request, related operations (flag 0x4) inherit session, tree and FileId from the
 * previous command; a FileId that is not known yet because the CREATE before it in the same chain
 * has not been answered resolves to that CREATE's name.
 */
final class Smb2Decoder {

  static final int NEGOTIATE = 0;
  static final int SESSION_SETUP = 1;
  static final int LOGOFF = 2;
  static final int TREE_CONNECT = 3;
  static final int TREE_DISCONNECT = 4;
  static final int CREATE = 5;
  static final int CLOSE = 6;
  static final int READ = 8;
  static final int WRITE = 9;
  static final int IOCTL = 11;

  static final long FSCTL_PIPE_TRANSCEIVE = 0x0011C017L;

  private static final int HEADER = 64;
  private static final int FLAG_RESPONSE = 0x1;
  private static final int FLAG_ASYNC = 0x2;
  private static final int FLAG_RELATED = 0x4;
  private static final long STATUS_PENDING = 0x103;
  private static final long NO_SESSION = -1L;
  private static final long NO_TREE = 0xffffffffL;

  private Smb2Decoder() {}

  /** What one command of a chain leaves for the related commands after it. */
  static final class Chain {
    long sessionId;
    long treeId;
    boolean hasFileId;
    long persistent;
    long volatileId;
    Smb2PendingRequest create;
  }

  /** The header fields of one command, after inheriting from the chain. */
  static final class Header {
    int off;

    /** End of the command's bytes that were kept. */
    int end;

    /** End of the command in the message as sent (beyond {@link #end} if not all was kept). */
    long limit;

    int command;
    long status;
    int flags;
    long messageId;
    long treeId;
    long sessionId;

    boolean response() {
      return (flags & FLAG_RESPONSE) != 0;
    }

    boolean related() {
      return (flags & FLAG_RELATED) != 0;
    }

    int body() {
      return off + HEADER;
    }
  }

  static void decode(
      Smb2ConnectionState st, SmbMessage m, PcapDecodeCounters c, List<SmbFlow> out) {
    byte[] b = m.data;
    Chain chain = new Chain();
    int off = 0;
    for (int n = 0; ; n++) {
      if (n == PcapLimits.MAX_COMPOUND_COMMANDS || off + HEADER > b.length) {
        boolean cut = n == PcapLimits.MAX_COMPOUND_COMMANDS || off + HEADER <= m.length;
        c.increment(cut ? PcapReasons.SMB2_NOT_CAPTURED : PcapReasons.SMB2_BAD_HEADER);
        return;
      }
      if (b[off] != (byte) 0xfe
          || b[off + 1] != 'S'
          || b[off + 2] != 'M'
          || b[off + 3] != 'B'
          || Bytes.u16le(b, off + 4) != HEADER) {
        c.increment(PcapReasons.SMB2_BAD_HEADER);
        return;
      }
      long next = Bytes.u32le(b, off + 20);
      if (next != 0 && (next < HEADER || next % 8 != 0 || off + next > m.length)) {
        c.increment(PcapReasons.SMB2_BAD_HEADER);
        return;
      }
      long limit = next == 0 ? m.length : off + next;
      Header h = header(b, off, (int) Math.min(limit, b.length), limit);
      if (h.related() && n > 0) {
        h.sessionId = h.sessionId == NO_SESSION ? chain.sessionId : h.sessionId;
        h.treeId = h.treeId == NO_TREE ? chain.treeId : h.treeId;
      }
      chain.sessionId = h.sessionId;
      chain.treeId = h.treeId;
      c.increment(PcapReasons.SMB2_COMMANDS);
      if (n == 0) {
        SmbFlowBuilder.clientDirection(st, m, h.response());
      }
      if (h.response()) {
        response(st, m, h, chain, c, out);
      } else {
        request(st, m, h, chain, c, out);
      }
      if (next == 0) {
        return;
      }
      off += (int) next;
    }
  }

  private static Header header(byte[] b, int off, int end, long limit) {
    Header h = new Header();
    h.off = off;
    h.end = end;
    h.limit = limit;
    h.status = Bytes.u32le(b, off + 8);
    h.command = Bytes.u16le(b, off + 12);
    h.flags = (int) Bytes.u32le(b, off + 16);
    h.messageId = Bytes.u64le(b, off + 24);
    // An async header has an AsyncId where the TreeId would be.
    h.treeId = (h.flags & FLAG_ASYNC) != 0 ? 0 : Bytes.u32le(b, off + 36);
    h.sessionId = Bytes.u64le(b, off + 40);
    return h;
  }

  private static void request(
      Smb2ConnectionState st,
      SmbMessage m,
      Header h,
      Chain chain,
      PcapDecodeCounters c,
      List<SmbFlow> out) {
    byte[] b = m.data;
    int body = h.body();
    switch (h.command) {
      case TREE_CONNECT:
        {
          String path = text(b, h, body + 4, 8, c);
          if (path != null) {
            pending(st, h, TREE_CONNECT, path, c);
          }
          return;
        }
      case SESSION_SETUP:
        // The last leg of an NTLM sign-in names the user; its SessionId is already the session's.
        if (fits(h, 24, c)) {
          int blob = h.off + Bytes.u16le(b, body + 12);
          int end = Math.min(blob + Bytes.u16le(b, body + 14), h.end);
          String user =
              blob >= body + 24 && blob < end ? NtlmAuthenticate.userName(b, blob, end, c) : null;
          if (user != null) {
            Smb2Tables.putSession(st, h.sessionId, user, c);
          }
        }
        return;
      case TREE_DISCONNECT:
        Smb2Tables.removeTree(st, h.sessionId, h.treeId, true);
        return;
      case LOGOFF:
        Smb2Tables.removeSession(st, h.sessionId);
        return;
      case CREATE:
        {
          String name = text(b, h, body + 44, 56, c);
          if (name != null) {
            chain.create = pending(st, h, CREATE, name, c);
            chain.hasFileId = false;
          }
          return;
        }
      case CLOSE:
        if (fits(h, 24, c)) {
          if (Smb2FileIds.isRelatedFileId(b, h, body + 8)
              && !chain.hasFileId
              && chain.create != null) {
            chain.create.closedInChain = true;
          } else if (Smb2FileIds.resolveFileId(b, h, body + 8, chain)) {
            Smb2Tables.removeFile(st, h.sessionId, chain.persistent, chain.volatileId);
          }
        }
        return;
      case WRITE:
      case READ:
        if (fits(h, 48, c)) {
          long length = Bytes.u32le(b, body + 4);
          if (h.command == WRITE && length == 0 && Bytes.u32le(b, body + 32) != 0) {
            length = Bytes.u32le(b, body + 36); // RDMA: the data travels out of band
          }
          boolean write = h.command == WRITE;
          SmbFlowBuilder.Op op = Smb2FileIds.target(st, b, h, body + 16, chain, c);
          op.protocol =
              write
                  ? (op.pipe ? SmbProtocols.WRITE_PIPE : SmbProtocols.WRITE)
                  : (op.pipe ? SmbProtocols.READ_PIPE : SmbProtocols.READ);
          op.action = write ? "SMB2_WRITE" : "SMB2_READ";
          op.size = length;
          emit(st, m, op, c, out);
        }
        return;
      case IOCTL:
        // Other control codes (DFS referrals, interface queries …) use placeholder FileIds.
        if (fits(h, 56, c) && Bytes.u32le(b, body + 4) == FSCTL_PIPE_TRANSCEIVE) {
          SmbFlowBuilder.Op op = Smb2FileIds.target(st, b, h, body + 8, chain, c);
          op.pipe = true; // a transceive is a pipe operation whatever the tree claims
          op.protocol = SmbProtocols.WRITE_PIPE;
          op.action = "SMB2_IOCTL";
          op.size = Bytes.u32le(b, body + 28);
          emit(st, m, op, c, out);
        }
        return;
      default:
    }
  }

  private static void response(
      Smb2ConnectionState st,
      SmbMessage m,
      Header h,
      Chain chain,
      PcapDecodeCounters c,
      List<SmbFlow> out) {
    if (h.status == STATUS_PENDING && (h.flags & FLAG_ASYNC) != 0) {
      return; // interim response: the final one follows with the same MessageId
    }
    byte[] b = m.data;
    int body = h.body();
    switch (h.command) {
      case NEGOTIATE:
        if (h.status == 0 && fits(h, 6, c)) {
          st.dialect = Bytes.u16le(b, body + 4);
        }
        return;
      case TREE_CONNECT:
        {
          Smb2PendingRequest p = Smb2Tables.take(st, h.messageId, TREE_CONNECT);
          if (h.status != 0) {
            c.increment(PcapReasons.SMB2_ERROR_RESPONSE);
            return;
          }
          if (!fits(h, 16, c)) {
            return;
          }
          if (p == null) {
            c.increment(PcapReasons.SMB2_RESPONSE_WITHOUT_REQUEST);
          }
          Smb2Tree t = new Smb2Tree();
          t.sessionId = h.sessionId;
          t.treeId = h.treeId;
          t.share = p == null ? null : p.name;
          t.shareType = b[body + 2] & 0xff;
          Smb2Tables.putTree(st, t, c);
          emit(
              st,
              m,
              SmbFlowBuilder.treeConnect("SMB2_TREE_CONNECT", t, h.sessionId, h.messageId),
              c,
              out);
          return;
        }
      case CREATE:
        Smb2FileIds.createResponse(st, m, h, chain, c, out);
        return;
      default:
    }
  }

  private static Smb2PendingRequest pending(
      Smb2ConnectionState st, Header h, int command, String name, PcapDecodeCounters c) {
    Smb2PendingRequest p = new Smb2PendingRequest();
    p.messageId = h.messageId;
    p.command = command;
    p.sessionId = h.sessionId;
    p.treeId = h.treeId;
    p.name = name;
    Smb2Tables.putPending(st, p, c);
    return p;
  }

  /**
   * The UTF-16 string whose 2-byte offset (from the command's header) and 2-byte length sit at
   * {@code at}, in a body of at least {@code minBody} bytes; null (counted) if it does not fit.
   */
  private static String text(byte[] b, Header h, int at, int minBody, PcapDecodeCounters c) {
    if (!fits(h, minBody, c)) {
      return null;
    }
    int offset = Bytes.u16le(b, at);
    int length = Bytes.u16le(b, at + 2);
    if (length == 0) {
      return "";
    }
    if (offset < HEADER || h.off + offset + length > h.end) {
      boolean cut = offset >= HEADER && h.off + offset + length <= h.limit;
      c.increment(cut ? PcapReasons.SMB2_NOT_CAPTURED : PcapReasons.SMB2_BAD_COMMAND);
      return null;
    }
    return SmbNames.utf16(b, h.off + offset, length, c);
  }

  /** Whether the command's body has {@code n} bytes kept; counts why not. */
  static boolean fits(Header h, int n, PcapDecodeCounters c) {
    if (h.body() + n <= h.end) {
      return true;
    }
    boolean cut = h.body() + n <= h.limit;
    c.increment(cut ? PcapReasons.SMB2_NOT_CAPTURED : PcapReasons.SMB2_BAD_COMMAND);
    return false;
  }

  static void emit(
      Smb2ConnectionState st,
      SmbMessage m,
      SmbFlowBuilder.Op op,
      PcapDecodeCounters c,
      List<SmbFlow> out) {
    c.increment(PcapReasons.FLOWS);
    out.add(SmbFlowBuilder.build(st, m, op));
  }
}
