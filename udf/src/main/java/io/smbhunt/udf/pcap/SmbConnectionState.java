package io.smbhunt.udf.pcap;

/**
 * Everything the keyed job keeps per TCP connection, in one value: reassembly ({@link
 * SmbStreamState}) and SMB tables ({@link Smb2ConnectionState}). A Flink POJO.
 */
public class SmbConnectionState {

  public SmbStreamState stream = new SmbStreamState();
  public Smb2ConnectionState smb = new Smb2ConnectionState();

  public SmbConnectionState() {}
}
