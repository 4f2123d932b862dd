package io.smbhunt.udf.pcap;

/**
 * A connected tree (share) of one session: what a TREE_CONNECT response's TreeId means. A Flink
 * POJO, part of {@link Smb2ConnectionState}.
 */
public class Smb2Tree {

  public long sessionId;

  /** The TreeId (SMB1: TID), unsigned. */
  public long treeId;

  /** The share path from the request, e.g. {@code \\WORKSTATION6\C$}; null if it was not seen. */
  public String share;

  /** One of the {@link SmbNames} {@code SHARE_} constants. */
  public int shareType;

  public Smb2Tree() {}
}
