package io.smbhunt.udf.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads a whole capture into TCP segments, counting every packet and every reason one yields no
 * segment: what a file source does with each capture file it is given.
 */
public final class PcapSegments {

  private PcapSegments() {}

  /**
   * Reads {@code in} to its end (or its first fatal error), passing each TCP segment to {@code
   * sink}. Counts {@link PcapReasons#PACKETS}, {@link PcapReasons#TCP_SEGMENTS}, each refusal and
   * decode reason, and skipped pcapng blocks.
   *
   * @param source the file name, copied into each segment for evidence
   * @return the number of packets read
   * @throws IOException only when the stream itself fails; format problems are counted instead
   */
  public static long read(
      InputStream in, String source, PcapDecodeCounters c, Consumer<TcpSegment> sink)
      throws IOException {
    PcapReader reader = new PcapReader(in);
    long packets = 0;
    while (true) {
      Packet p;
      try {
        p = reader.next();
      } catch (PcapFormatException e) {
        c.increment(e.reason());
        if (e.isFatal()) {
          break;
        }
        continue;
      }
      if (p == null) {
        break;
      }
      packets++;
      c.increment(PcapReasons.PACKETS);
      PacketDecodeResult r = PacketDecoder.decode(p, source);
      if (r.segment() == null) {
        c.increment(r.reason());
      } else {
        c.increment(PcapReasons.TCP_SEGMENTS);
        sink.accept(r.segment());
      }
    }
    if (reader.blocksSkipped() > 0) {
      c.add(PcapReasons.PCAPNG_BLOCK_SKIPPED, reader.blocksSkipped());
    }
    return packets;
  }
}
