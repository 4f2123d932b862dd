package io.smbhunt.udf.pcap;

/**
 * One complete SMB message (the payload of one NetBIOS session frame) out of {@link SmbStreams}:
 * SMB2 possibly compounded, SMB1, or an SMB3 transform. Attributed to the packet whose bytes
 * completed it, as tshark attributes a reassembled PDU to its last frame.
 *
 * <p>A Flink POJO so it may be emitted between operators.
 */
public class SmbMessage {

  public String connectionKey;

  /** Direction of the message (see {@link TcpSegment#direction}). */
  public int direction;

  /** Sender and receiver of this message. */
  public String srcIp;

  public int srcPort;
  public String dstIp;
  public int dstPort;

  /** Which direction is the client's per the TCP handshake, -1 if it was not seen. */
  public int clientDirection;

  /** {@link SmbStreamState#generation} when the message was framed. */
  public int generation;

  public String source;
  public long packetIndex;
  public long timestampMicros;

  /**
   * The message bytes from its protocol id on: all of it, or its first {@link
   * PcapLimits#MAX_MESSAGE_BYTES} when {@link #length} is larger.
   */
  public byte[] data;

  /** The message length its NetBIOS header gives. */
  public int length;

  public SmbMessage() {}
}
