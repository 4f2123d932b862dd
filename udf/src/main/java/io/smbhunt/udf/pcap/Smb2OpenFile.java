package io.smbhunt.udf.pcap;

/**
 * An open file or pipe of one session: what a CREATE response's FileId means, with its tree's share
 * copied so a later WRITE resolves even after the tree entry is gone. A Flink POJO, part of {@link
 * Smb2ConnectionState}.
 */
public class Smb2OpenFile {

  public long sessionId;
  public long treeId;

  /** The FileId's persistent half (SMB1: the FID). */
  public long fileIdPersistent;

  /** The FileId's volatile half (SMB1: 0). */
  public long fileIdVolatile;

  /** The name relative to the share, as the CREATE request gave it; null if not seen. */
  public String name;

  public String share;
  public int shareType;

  public Smb2OpenFile() {}
}
