package io.smbhunt.udf.pcap;

/**
 * SMB state of one TCP connection: the tables that give a WRITE, which carries only a FileId and a
 * TreeId, its file name and share. The keyed job stores it per connection key next to {@link
 * SmbStreamState}, so a connection whose packets were split over rotated capture files still
 * resolves names.
 *
 * <p>A Flink POJO (public fields: primitives and arrays of POJOs; public no-arg constructor). Each
 * table holds at most {@link PcapLimits#MAX_TABLE_ENTRIES} entries in its first {@code ...Count}
 * slots, oldest first, and names are cut at {@link PcapLimits#MAX_NAME_CHARS}.
 */
public class Smb2ConnectionState {

  /** The {@link SmbStreamState#generation} these tables belong to. */
  public int generation;

  /** Which direction is the client's, -1 until the first message decides it. */
  public int clientDirection = -1;

  /** The dialect the server chose (0x0311 for SMB 3.1.1), 0 until NEGOTIATE was seen. */
  public int dialect;

  public Smb2Tree[] trees;
  public int treeCount;

  public Smb2OpenFile[] files;
  public int fileCount;

  public Smb2PendingRequest[] pending;
  public int pendingCount;

  /** Who each session signed in as (NTLM), for the records' user. */
  public Smb2Session[] sessions;

  public int sessionCount;

  public Smb2ConnectionState() {}
}
