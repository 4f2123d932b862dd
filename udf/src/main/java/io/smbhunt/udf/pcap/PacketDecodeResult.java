package io.smbhunt.udf.pcap;

/** What {@link PacketDecoder} made of one packet: a TCP segment, or the reason there is none. */
public final class PacketDecodeResult {

  private final TcpSegment segment;
  private final String reason;

  private PacketDecodeResult(TcpSegment segment, String reason) {
    this.segment = segment;
    this.reason = reason;
  }

  static PacketDecodeResult of(TcpSegment segment) {
    return new PacketDecodeResult(segment, null);
  }

  static PacketDecodeResult rejected(String reason) {
    return new PacketDecodeResult(null, reason);
  }

  /** The segment, or {@code null} when the packet held none. */
  public TcpSegment segment() {
    return segment;
  }

  /** Why there is no segment (a {@link PcapReasons} code); {@code null} when there is one. */
  public String reason() {
    return reason;
  }
}
