package io.smbhunt.udf.flow;

import java.util.Objects;

/**
 * What one Suricata eve record says that only the other records of its flow give a meaning to: its
 * tree and session, the transaction it belongs to, and the share, sign-in or RPC bind it brings.
 * Suricata logs a CREATE without its share and a DCE/RPC call without its pipe, so a record is
 * complete only once {@link SuricataFlow} has read its whole flow; this travels with the record
 * until then and is {@code null} afterwards (and for every other sensor).
 *
 * <p>A Flink POJO, like {@link FlowRecord}: it is keyed state of the job's Suricata stage.
 */
public class SuricataFacts {

  /**
   * {@code smb.id}, Suricata's transaction number, counted up per flow as requests arrive: the
   * flow's causal order (a CREATE can only be sent after its TREE_CONNECT was answered, so its
   * transaction comes later), and what a transfer's two reports share. {@code -1} if absent.
   */
  public long transaction = -1;

  /** Microseconds within the record's millisecond ({@link FlowRecord#timestamp} cuts them). */
  public int microsOfMilli;

  /** A {@code fileinfo} event (the second report of a file transfer), not an {@code smb} one. */
  public boolean fileinfo;

  public String treeId;

  public String sessionId;

  /** {@code smb.ntlmssp.user} of a SESSION_SETUP: who the session signed in as. */
  public String signedInAs;

  /** The record's own share (Suricata writes {@code ""} on SMB2 reads and writes), or null. */
  public String share;

  public String shareType;

  /** {@code smb.named_pipe}: on a TREE_CONNECT the pipe share, on other records the pipe. */
  public String namedPipe;

  /** {@code smb.filename}, else {@code smb.directory}. */
  public String name;

  /** The record has an {@code smb.dcerpc} section. */
  public boolean dcerpc;

  /**
   * The record decides the RPC interface of its tree's next calls: it names one, or it is a BIND /
   * ALTER_CONTEXT (which may name none, and then the calls after it stay unnamed).
   */
  public boolean bindsInterface;

  /** The record has an {@code smb.rename} section. */
  public boolean rename;

  /**
   * The server refused the command ({@code smb.status_code} not 0): a refused TREE_CONNECT or
   * CREATE connected no tree and opened nothing.
   */
  public boolean failed;

  public SuricataFacts() {}

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SuricataFacts)) {
      return false;
    }
    SuricataFacts s = (SuricataFacts) o;
    return transaction == s.transaction
        && microsOfMilli == s.microsOfMilli
        && fileinfo == s.fileinfo
        && dcerpc == s.dcerpc
        && bindsInterface == s.bindsInterface
        && rename == s.rename
        && failed == s.failed
        && Objects.equals(treeId, s.treeId)
        && Objects.equals(sessionId, s.sessionId)
        && Objects.equals(signedInAs, s.signedInAs)
        && Objects.equals(share, s.share)
        && Objects.equals(shareType, s.shareType)
        && Objects.equals(namedPipe, s.namedPipe)
        && Objects.equals(name, s.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(transaction, treeId, sessionId, name, share, namedPipe, microsOfMilli);
  }

  @Override
  public String toString() {
    return "SuricataFacts{transaction="
        + transaction
        + ", fileinfo="
        + fileinfo
        + ", treeId="
        + treeId
        + ", sessionId="
        + sessionId
        + ", signedInAs="
        + signedInAs
        + ", share="
        + share
        + ", shareType="
        + shareType
        + ", namedPipe="
        + namedPipe
        + ", name="
        + name
        + ", dcerpc="
        + dcerpc
        + ", bindsInterface="
        + bindsInterface
        + ", failed="
        + failed
        + '}';
  }
}
