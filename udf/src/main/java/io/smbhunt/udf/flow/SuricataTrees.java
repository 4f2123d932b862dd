package io.smbhunt.udf.flow;

import java.util.Map;

/**
 * What {@link SuricataFlow} has learnt so far from a flow's records, read in the flow's order: the
 * shares of its trees, keyed by (flow_id, tree_id), so that later CREATE and DCE/RPC records —
 * which Suricata logs without a share — can be placed on their share, and the RPC interface last
 * bound on each, for the DCE/RPC requests Suricata 6 logs without one; who each session signed in
 * as, for the records' user; and which file transfers were already reported (Suricata logs each as
 * an smb and a fileinfo event). Bounded (least recently used first out), should one flow hold
 * millions of SMB sessions.
 */
final class SuricataTrees {

  /** One connected tree. */
  static final class Tree {
    final String share;
    final String shareType;
    final boolean pipe;

    /** The RPC interface last bound on this tree (a DCE/RPC record that named one). */
    String boundInterface;

    Tree(String share, String shareType, boolean pipe) {
      this.share = share;
      this.shareType = shareType;
      this.pipe = pipe;
    }
  }

  static final int MAX_TREES = 4096;

  /** Users by flow and by flow/session. */
  private final Map<String, String> users = LeastRecentlyUsed.map(MAX_TREES);

  /** File transfers already reported, by flow/smb id/command. */
  private final Map<String, Boolean> reported = LeastRecentlyUsed.map(MAX_TREES);

  private final Map<String, Tree> trees = LeastRecentlyUsed.map(MAX_TREES);

  void put(String flowId, String treeId, String share, String shareType, boolean pipe) {
    if (flowId != null && treeId != null && !"0".equals(treeId)) {
      trees.put(flowId + '/' + treeId, new Tree(share, shareType, pipe));
    }
  }

  /**
   * Remembers the RPC interface a DCE/RPC record on this tree named. A tree whose connect was not
   * seen (the file was rotated in between) is remembered from here on as an unnamed pipe share.
   */
  void bound(String flowId, String treeId, String rpcInterface) {
    if (flowId == null || treeId == null || "0".equals(treeId)) {
      return;
    }
    Tree t = trees.computeIfAbsent(flowId + '/' + treeId, k -> new Tree(null, null, true));
    t.boundInterface = rpcInterface;
  }

  /**
   * Remembers who a session signed in as (a SESSION_SETUP record's {@code ntlmssp.user}). The
   * flow's last sign-in also stands for records that carry no session id (Suricata logs SMB1
   * WRITE_ANDX with {@code session_id} 0).
   */
  void signedIn(String flowId, String sessionId, String user) {
    if (flowId == null) {
      return;
    }
    users.put(flowId, user);
    if (sessionId != null && !"0".equals(sessionId)) {
      users.put(flowId + '/' + sessionId, user);
    }
  }

  /** The user the record's session signed in as, or {@code null} if that was not seen. */
  String user(String flowId, String sessionId) {
    if (flowId == null || users.isEmpty()) {
      return null;
    }
    if (sessionId == null || "0".equals(sessionId)) {
      return users.get(flowId);
    }
    return users.get(flowId + '/' + sessionId);
  }

  /**
   * Whether this is the first record of the transaction ({@code smb.id}, {@code -1} if unknown) of
   * the flow with this command: the smb event and the fileinfo event of one file transfer share it.
   */
  boolean firstReport(String flowId, long transaction, String command) {
    if (flowId == null || transaction < 0) {
      return true;
    }
    return reported.put(flowId + '/' + transaction + '/' + command, Boolean.TRUE) == null;
  }

  /** The tree, or {@code null} if its connect was not seen in this file. */
  Tree get(String flowId, String treeId) {
    if (flowId == null || treeId == null || trees.isEmpty()) {
      return null;
    }
    return trees.get(flowId + '/' + treeId);
  }
}
