package io.smbhunt.job.read;

/**
 * One packet of a capture file, or a failure to read the file at that place. A Flink POJO.
 *
 * <p>Packets stay undecoded here so the decode step can count every reason a packet is not used
 * (the source cannot report counters) and so reading stays a plain file scan.
 */
public class CapturedPacket {

  /** The capture file. */
  public String source;

  /** 1-based packet number in the file, as tshark numbers frames. */
  public long index;

  public long timestampMicros;

  /** The link type of the packet's interface (pcap LINKTYPE_*). */
  public int linkType;

  public long originalLength;

  public byte[] data;

  /** {@code null} for a packet; otherwise why the file could not be read on from here. */
  public String readError;

  public String readErrorDetail;

  public CapturedPacket() {}
}
