package io.smbhunt.udf.pcap;

/**
 * One packet record of a capture file, as {@link PcapReader} returns it: the captured bytes with
 * the link type that says how to read them.
 *
 * <p>A Flink POJO (public fields, public no-arg constructor) so a source may emit it as is.
 */
public class Packet {

  /** 1-based position of the record in its file, as tshark numbers frames. */
  public long index;

  /** Capture time, epoch microseconds UTC (finer resolutions are cut, not rounded). */
  public long timestampMicros;

  /** The LINKTYPE_ value of the packet's interface (1 Ethernet, 113 Linux cooked, …). */
  public int linkType;

  /** The length of the packet on the wire; larger than {@code data} when the capture cut it. */
  public long originalLength;

  /** The captured bytes, starting with the link-layer header. */
  public byte[] data;

  public Packet() {}

  public Packet(long index, long timestampMicros, int linkType, long originalLength, byte[] data) {
    this.index = index;
    this.timestampMicros = timestampMicros;
    this.linkType = linkType;
    this.originalLength = originalLength;
    this.data = data;
  }
}
