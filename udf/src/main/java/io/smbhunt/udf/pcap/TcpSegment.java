package io.smbhunt.udf.pcap;

/**
 * One TCP segment taken out of a captured packet by {@link PacketDecoder}: what the keyed job
 * partitions by {@link #connectionKey} and feeds to {@link SmbStreams}.
 *
 * <p>A Flink POJO (public fields, public no-arg constructor) so it crosses the network shuffle
 * without Kryo.
 */
public class TcpSegment {

  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;

  /** The capture file the packet was read from (for evidence). */
  public String source;

  /** 1-based index of the packet in {@link #source}. */
  public long packetIndex;

  /** Capture time, epoch microseconds UTC. */
  public long timestampMicros;

  /** Sender address as text: dotted IPv4, or RFC 5952 IPv6 ({@code fe80::1}). */
  public String srcIp;

  public int srcPort;
  public String dstIp;
  public int dstPort;

  /** Sequence number of the first payload byte (of the SYN itself for a SYN), unsigned 32-bit. */
  public long seq;

  /** Acknowledgement number, unsigned 32-bit. */
  public long ack;

  /** The TCP flag bits ({@link #FIN}, {@link #SYN}, {@link #RST}, {@link #ACK} …). */
  public int flags;

  /** The captured payload (never null; empty for a pure ACK). */
  public byte[] payload;

  /**
   * Payload bytes the IP header announces but the capture cut off (snapshot length): {@link
   * SmbStreams} treats them as a gap instead of waiting for them.
   */
  public int missingBytes;

  /**
   * The connection both directions share: the lower endpoint (by address bytes, then port) first,
   * {@code 172.18.39.5:62782-172.18.39.6:445}, IPv6 in brackets {@code [fe80::1]:445}.
   */
  public String connectionKey;

  /** 0 when the sender is the first endpoint of {@link #connectionKey}, 1 when it is the second. */
  public int direction;

  public TcpSegment() {}

  /** Whether every bit of {@code flag} is set. */
  public boolean has(int flag) {
    return (flags & flag) == flag;
  }
}
