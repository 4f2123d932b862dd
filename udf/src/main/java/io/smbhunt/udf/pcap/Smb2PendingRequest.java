package io.smbhunt.udf.pcap;

/**
 * A TREE_CONNECT or CREATE request waiting for its response, by MessageId: the response carries the
 * TreeId/FileId but not the name, the request the name but not the id. A Flink POJO, part of {@link
 * Smb2ConnectionState}.
 */
public class Smb2PendingRequest {

  /** MessageId (SMB1: PID << 16 | MID). */
  public long messageId;

  /** SMB2 command code; SMB1 commands are stored as {@code 0x100 | command}. */
  public int command;

  public long sessionId;
  public long treeId;

  /** The share path (TREE_CONNECT) or file name (CREATE) the request named. */
  public String name;

  /**
   * A related CLOSE followed the CREATE in the same compound request: the file is closed as soon as
   * it is opened, so its FileId must not be remembered.
   */
  public boolean closedInChain;

  public Smb2PendingRequest() {}
}
