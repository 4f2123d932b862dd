package io.smbhunt.udf.pcap;

/**
 * A TCP segment's payload waiting in {@link SmbDirectionState} for the bytes before it, with the
 * packet it came from so a message it completes is attributed to the right packet.
 *
 * <p>A Flink POJO: part of keyed state.
 */
public class SmbChunk {

  /** Sequence number of {@code data[0]}, unsigned 32-bit. */
  public long seq;

  public byte[] data;

  /** Bytes after {@code data} the capture cut off (see {@link TcpSegment#missingBytes}). */
  public int missingBytes;

  public long packetIndex;
  public long timestampMicros;
  public String source;

  public SmbChunk() {}
}
