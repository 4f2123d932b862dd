package io.smbhunt.udf.pcap;

/**
 * A signed-in session of one connection: who its NTLM authentication named. A Flink POJO, part of
 * {@link Smb2ConnectionState}.
 */
public class Smb2Session {

  /** The SessionId (SMB1: UID), unsigned. */
  public long sessionId;

  /** The user name of the session's NTLM AUTHENTICATE message, without its domain. */
  public String user;

  public Smb2Session() {}
}
