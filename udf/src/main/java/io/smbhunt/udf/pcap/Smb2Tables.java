package io.smbhunt.udf.pcap;

import java.util.Arrays;

/**
 * Lookups and updates of the tables in {@link Smb2ConnectionState}. Tables are small arrays scanned
 * linearly: a connection rarely has more than a handful of trees and open files, and a POJO with
 * arrays serialises faster than a map would. A full table drops its oldest entry ({@link
 * PcapReasons#STATE_EVICTED}); the most recent opens are the ones later writes refer to.
 */
final class Smb2Tables {

  private Smb2Tables() {}

  static Smb2Tree findTree(Smb2ConnectionState st, long sessionId, long treeId) {
    for (int i = st.treeCount - 1; i >= 0; i--) {
      Smb2Tree t = st.trees[i];
      if (t.treeId == treeId && t.sessionId == sessionId) {
        return t;
      }
    }
    return null;
  }

  static void putTree(Smb2ConnectionState st, Smb2Tree tree, PcapDecodeCounters c) {
    removeTree(st, tree.sessionId, tree.treeId, false);
    if (st.trees == null) {
      st.trees = new Smb2Tree[4];
    }
    if (st.treeCount == PcapLimits.MAX_TABLE_ENTRIES) {
      c.increment(PcapReasons.STATE_EVICTED);
      st.treeCount = remove(st.trees, st.treeCount, 0);
    }
    st.trees = room(st.trees, st.treeCount);
    st.trees[st.treeCount++] = tree;
  }

  /** Forgets a tree and, when {@code withFiles}, the files opened on it (TREE_DISCONNECT). */
  static void removeTree(Smb2ConnectionState st, long sessionId, long treeId, boolean withFiles) {
    for (int i = st.treeCount - 1; i >= 0; i--) {
      if (st.trees[i].treeId == treeId && st.trees[i].sessionId == sessionId) {
        st.treeCount = remove(st.trees, st.treeCount, i);
      }
    }
    if (withFiles) {
      for (int i = st.fileCount - 1; i >= 0; i--) {
        if (st.files[i].treeId == treeId && st.files[i].sessionId == sessionId) {
          st.fileCount = remove(st.files, st.fileCount, i);
        }
      }
    }
  }

  /**
   * The open file with this FileId in this session. FileIds are unique per session, so the tree is
   * not part of the key: a client may address a handle under a different TreeId (DFS).
   */
  static Smb2OpenFile findFile(
      Smb2ConnectionState st, long sessionId, long persistent, long volatileId) {
    for (int i = st.fileCount - 1; i >= 0; i--) {
      Smb2OpenFile f = st.files[i];
      if (f.fileIdVolatile == volatileId
          && f.fileIdPersistent == persistent
          && f.sessionId == sessionId) {
        return f;
      }
    }
    return null;
  }

  static void putFile(Smb2ConnectionState st, Smb2OpenFile file, PcapDecodeCounters c) {
    removeFile(st, file.sessionId, file.fileIdPersistent, file.fileIdVolatile);
    if (st.files == null) {
      st.files = new Smb2OpenFile[4];
    }
    if (st.fileCount == PcapLimits.MAX_TABLE_ENTRIES) {
      c.increment(PcapReasons.STATE_EVICTED);
      st.fileCount = remove(st.files, st.fileCount, 0);
    }
    st.files = room(st.files, st.fileCount);
    st.files[st.fileCount++] = file;
  }

  static void removeFile(Smb2ConnectionState st, long sessionId, long persistent, long volatileId) {
    for (int i = st.fileCount - 1; i >= 0; i--) {
      Smb2OpenFile f = st.files[i];
      if (f.fileIdVolatile == volatileId
          && f.fileIdPersistent == persistent
          && f.sessionId == sessionId) {
        st.fileCount = remove(st.files, st.fileCount, i);
      }
    }
  }

  static void putPending(Smb2ConnectionState st, Smb2PendingRequest request, PcapDecodeCounters c) {
    take(st, request.messageId, request.command);
    if (st.pending == null) {
      st.pending = new Smb2PendingRequest[4];
    }
    if (st.pendingCount == PcapLimits.MAX_TABLE_ENTRIES) {
      c.increment(PcapReasons.STATE_EVICTED);
      st.pendingCount = remove(st.pending, st.pendingCount, 0);
    }
    st.pending = room(st.pending, st.pendingCount);
    st.pending[st.pendingCount++] = request;
  }

  /** Removes and returns the pending request with this MessageId and command, or null. */
  static Smb2PendingRequest take(Smb2ConnectionState st, long messageId, int command) {
    for (int i = st.pendingCount - 1; i >= 0; i--) {
      Smb2PendingRequest p = st.pending[i];
      if (p.messageId == messageId && p.command == command) {
        st.pendingCount = remove(st.pending, st.pendingCount, i);
        return p;
      }
    }
    return null;
  }

  /** Remembers who a session signed in as; a second sign-in of the session replaces the first. */
  static void putSession(
      Smb2ConnectionState st, long sessionId, String user, PcapDecodeCounters c) {
    removeSessionUser(st, sessionId);
    if (st.sessions == null) {
      st.sessions = new Smb2Session[2];
    }
    if (st.sessionCount == PcapLimits.MAX_TABLE_ENTRIES) {
      c.increment(PcapReasons.STATE_EVICTED);
      st.sessionCount = remove(st.sessions, st.sessionCount, 0);
    }
    Smb2Session session = new Smb2Session();
    session.sessionId = sessionId;
    session.user = user;
    st.sessions = room(st.sessions, st.sessionCount);
    st.sessions[st.sessionCount++] = session;
  }

  /** The user a session signed in as, or {@code null} if its NTLM sign-in was not seen. */
  static String userOf(Smb2ConnectionState st, long sessionId) {
    for (int i = st.sessionCount - 1; i >= 0; i--) {
      if (st.sessions[i].sessionId == sessionId) {
        return st.sessions[i].user;
      }
    }
    return null;
  }

  private static void removeSessionUser(Smb2ConnectionState st, long sessionId) {
    for (int i = st.sessionCount - 1; i >= 0; i--) {
      if (st.sessions[i].sessionId == sessionId) {
        st.sessionCount = remove(st.sessions, st.sessionCount, i);
      }
    }
  }

  /** Forgets everything of a session (LOGOFF). */
  static void removeSession(Smb2ConnectionState st, long sessionId) {
    removeSessionUser(st, sessionId);
    for (int i = st.treeCount - 1; i >= 0; i--) {
      if (st.trees[i].sessionId == sessionId) {
        st.treeCount = remove(st.trees, st.treeCount, i);
      }
    }
    for (int i = st.fileCount - 1; i >= 0; i--) {
      if (st.files[i].sessionId == sessionId) {
        st.fileCount = remove(st.files, st.fileCount, i);
      }
    }
  }

  /** Drops every table: the connection's port pair now belongs to a new connection. */
  static void clear(Smb2ConnectionState st, int generation) {
    st.generation = generation;
    st.clientDirection = -1;
    st.dialect = 0;
    st.trees = null;
    st.treeCount = 0;
    st.files = null;
    st.fileCount = 0;
    st.pending = null;
    st.pendingCount = 0;
    st.sessions = null;
    st.sessionCount = 0;
  }

  /** The array, grown if it has no free slot after {@code count}. */
  private static <T> T[] room(T[] a, int count) {
    if (count < a.length) {
      return a;
    }
    return Arrays.copyOf(a, Math.min(a.length * 2, PcapLimits.MAX_TABLE_ENTRIES));
  }

  /** Removes slot {@code i} keeping the order; returns the new count. */
  private static int remove(Object[] a, int count, int i) {
    System.arraycopy(a, i + 1, a, i, count - i - 1);
    a[count - 1] = null;
    return count - 1;
  }
}
