package io.smbhunt.udf.pcap;

import io.smbhunt.udf.flow.SmbProtocols;
import java.util.List;

/**
 * FileIds in SMB2: a CREATE response assigns one to the name its request gave; WRITE, READ and
 * IOCTL requests name their file only through it, or through the all-ones FileId of a related
 * command in a compound, which means "the file of the previous command". Part of {@link
 * Smb2Decoder}.
 */
final class Smb2FileIds {

  private Smb2FileIds() {}

  /**
   * A CREATE response: a successful one gives the request's name (pending by MessageId) its FileId,
   * remembered with the tree's share unless a related CLOSE in the same compound already closed it,
   * and is reported as {@code smb.create} or {@code smb.create_pipe}.
   */
  static void createResponse(
      Smb2ConnectionState st,
      SmbMessage m,
      Smb2Decoder.Header h,
      Smb2Decoder.Chain chain,
      PcapDecodeCounters c,
      List<SmbFlow> out) {
    Smb2PendingRequest p = Smb2Tables.take(st, h.messageId, Smb2Decoder.CREATE);
    if (h.status != 0) {
      c.increment(PcapReasons.SMB2_ERROR_RESPONSE);
      return;
    }
    if (!Smb2Decoder.fits(h, 80, c)) {
      return;
    }
    if (p == null) {
      c.increment(PcapReasons.SMB2_RESPONSE_WITHOUT_REQUEST);
    }
    byte[] b = m.data;
    Smb2OpenFile f = new Smb2OpenFile();
    f.sessionId = p == null ? h.sessionId : p.sessionId;
    f.treeId = p == null ? h.treeId : p.treeId;
    f.fileIdPersistent = Bytes.u64le(b, h.body() + 64);
    f.fileIdVolatile = Bytes.u64le(b, h.body() + 72);
    f.name = p == null ? null : p.name;
    Smb2Tree t = Smb2Tables.findTree(st, f.sessionId, f.treeId);
    f.share = t == null ? null : t.share;
    f.shareType = t == null ? SmbNames.SHARE_UNKNOWN : t.shareType;
    chain.hasFileId = true;
    chain.persistent = f.fileIdPersistent;
    chain.volatileId = f.fileIdVolatile;
    if (p == null || !p.closedInChain) {
      Smb2Tables.putFile(st, f, c);
    }
    SmbFlowBuilder.Op op = new SmbFlowBuilder.Op();
    op.pipe = SmbNames.isPipe(f.shareType, f.share);
    op.protocol = op.pipe ? SmbProtocols.CREATE_PIPE : SmbProtocols.CREATE;
    op.action = "SMB2_CREATE";
    op.share = f.share;
    op.shareType = f.shareType;
    op.name = f.name;
    op.sessionId = f.sessionId;
    op.messageId = h.messageId;
    Smb2Decoder.emit(st, m, op, c, out);
  }

  /** Name, share and pipe-ness of the file a WRITE/READ/IOCTL addresses by FileId. */
  static SmbFlowBuilder.Op target(
      Smb2ConnectionState st,
      byte[] b,
      Smb2Decoder.Header h,
      int fileIdOff,
      Smb2Decoder.Chain chain,
      PcapDecodeCounters c) {
    SmbFlowBuilder.Op op = new SmbFlowBuilder.Op();
    op.sessionId = h.sessionId;
    op.messageId = h.messageId;
    Smb2OpenFile f = null;
    Smb2Tree t = null;
    if (isRelatedFileId(b, h, fileIdOff) && !chain.hasFileId && chain.create != null) {
      op.name = chain.create.name; // opened earlier in this chain, FileId not assigned yet
      t = Smb2Tables.findTree(st, chain.create.sessionId, chain.create.treeId);
    } else {
      if (resolveFileId(b, h, fileIdOff, chain)) {
        f = Smb2Tables.findFile(st, h.sessionId, chain.persistent, chain.volatileId);
      }
      if (f == null) {
        c.increment(PcapReasons.SMB2_UNKNOWN_FILE_ID);
        t = Smb2Tables.findTree(st, h.sessionId, h.treeId);
      }
    }
    if (f != null) {
      op.name = f.name;
      op.share = f.share;
      op.shareType = f.shareType;
    } else if (t != null) {
      op.share = t.share;
      op.shareType = t.shareType;
    }
    op.pipe = SmbNames.isPipe(op.shareType, op.share);
    return op;
  }

  /** Whether the FileId is the all-ones "same as the previous command" of a related command. */
  static boolean isRelatedFileId(byte[] b, Smb2Decoder.Header h, int off) {
    return h.related() && Bytes.u64le(b, off) == -1L && Bytes.u64le(b, off + 8) == -1L;
  }

  /** Sets the chain's FileId from the command, inheriting for related ones; false if unknown. */
  static boolean resolveFileId(byte[] b, Smb2Decoder.Header h, int off, Smb2Decoder.Chain chain) {
    if (isRelatedFileId(b, h, off)) {
      return chain.hasFileId;
    }
    chain.hasFileId = true;
    chain.persistent = Bytes.u64le(b, off);
    chain.volatileId = Bytes.u64le(b, off + 8);
    return true;
  }
}
