package io.smbhunt.udf.pcap;

import java.util.Arrays;

/**
 * Takes the TCP segment out of a captured packet: link layer (Ethernet, Linux cooked SLL and SLL2,
 * raw IPv4/IPv6, with 802.1Q/802.1ad tags), IPv4 or IPv6 (extension headers walked), TCP.
 *
 * <p>Anything else yields a {@link PcapReasons} code, never an exception: every offset is checked
 * against the captured length before it is read. Checksums are not verified: captures taken on the
 * sending host (like the bundled sample) carry the zeros or garbage of checksum offload, and a
 * corrupt segment is handled by reassembly like any other. IP fragments are not reassembled and are
 * counted instead; hosts avoid fragmenting TCP, so SMB is not lost this way in practice.
 *
 * <p>Stateless and thread-safe.
 */
public final class PacketDecoder {

  public static final int LINKTYPE_ETHERNET = 1;
  public static final int LINKTYPE_RAW = 101;
  public static final int LINKTYPE_LINUX_SLL = 113;
  public static final int LINKTYPE_IPV4 = 228;
  public static final int LINKTYPE_IPV6 = 229;
  public static final int LINKTYPE_LINUX_SLL2 = 276;

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int ETHERTYPE_QINQ = 0x88a8;
  private static final int ETHERTYPE_QINQ_OLD = 0x9100;
  private static final int PROTO_TCP = 6;
  private static final byte[] EMPTY = new byte[0];

  private PacketDecoder() {}

  /**
   * The TCP segment in {@code packet}, or why there is none.
   *
   * @param source the capture file's name, copied into the segment for evidence
   */
  public static PacketDecodeResult decode(Packet packet, String source) {
    byte[] b = packet.data;
    if (b == null) {
      return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
    }
    int etherType;
    int off;
    switch (packet.linkType) {
      case LINKTYPE_ETHERNET:
        if (b.length < 14) {
          return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
        }
        etherType = Bytes.u16be(b, 12);
        off = 14;
        break;
      case LINKTYPE_LINUX_SLL:
        if (b.length < 16) {
          return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
        }
        etherType = Bytes.u16be(b, 14);
        off = 16;
        break;
      case LINKTYPE_LINUX_SLL2:
        if (b.length < 20) {
          return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
        }
        etherType = Bytes.u16be(b, 0);
        off = 20;
        break;
      case LINKTYPE_RAW:
        if (b.length < 1) {
          return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
        }
        int version = (b[0] & 0xff) >> 4;
        etherType = version == 4 ? ETHERTYPE_IPV4 : version == 6 ? ETHERTYPE_IPV6 : -1;
        off = 0;
        break;
      case LINKTYPE_IPV4:
        etherType = ETHERTYPE_IPV4;
        off = 0;
        break;
      case LINKTYPE_IPV6:
        etherType = ETHERTYPE_IPV6;
        off = 0;
        break;
      default:
        return PacketDecodeResult.rejected(PcapReasons.UNSUPPORTED_LINK_TYPE);
    }
    for (int tags = 0; isVlan(etherType); tags++) {
      if (tags == PcapLimits.MAX_VLAN_TAGS) {
        return PacketDecodeResult.rejected(PcapReasons.NOT_IP);
      }
      if (b.length < off + 4) {
        return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
      }
      etherType = Bytes.u16be(b, off + 2);
      off += 4;
    }
    if (etherType == ETHERTYPE_IPV4) {
      return ipv4(packet, source, off);
    }
    if (etherType == ETHERTYPE_IPV6) {
      return ipv6(packet, source, off);
    }
    return PacketDecodeResult.rejected(PcapReasons.NOT_IP);
  }

  private static boolean isVlan(int etherType) {
    return etherType == ETHERTYPE_VLAN
        || etherType == ETHERTYPE_QINQ
        || etherType == ETHERTYPE_QINQ_OLD;
  }

  private static PacketDecodeResult ipv4(Packet p, String source, int off) {
    byte[] b = p.data;
    if (b.length < off + 20) {
      return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
    }
    int ihl = (b[off] & 0x0f) * 4;
    if ((b[off] & 0xf0) != 0x40 || ihl < 20) {
      return PacketDecodeResult.rejected(PcapReasons.BAD_IP_HEADER);
    }
    if (b.length < off + ihl) {
      return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
    }
    int total = Bytes.u16be(b, off + 2);
    if (total != 0 && total < ihl) {
      return PacketDecodeResult.rejected(PcapReasons.BAD_IP_HEADER);
    }
    if ((Bytes.u16be(b, off + 6) & 0x3fff) != 0) {
      return PacketDecodeResult.rejected(PcapReasons.IP_FRAGMENT);
    }
    if ((b[off + 9] & 0xff) != PROTO_TCP) {
      return PacketDecodeResult.rejected(PcapReasons.NOT_TCP);
    }
    // Total length 0 is what segmentation offload leaves in captures taken on the sender.
    long end = total == 0 ? b.length : (long) off + total;
    return tcp(p, source, off + 12, off + 16, 4, off + ihl, end);
  }

  private static PacketDecodeResult ipv6(Packet p, String source, int off) {
    byte[] b = p.data;
    if (b.length < off + 40) {
      return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
    }
    if ((b[off] & 0xf0) != 0x60) {
      return PacketDecodeResult.rejected(PcapReasons.BAD_IP_HEADER);
    }
    int payloadLength = Bytes.u16be(b, off + 4);
    // Payload length 0 is a jumbogram or offload: the captured bytes are all there is.
    long end = payloadLength == 0 ? b.length : (long) off + 40 + payloadLength;
    int next = b[off + 6] & 0xff;
    int cur = off + 40;
    for (int n = 0; next != PROTO_TCP; n++) {
      if (n == PcapLimits.MAX_IPV6_EXTENSION_HEADERS) {
        return PacketDecodeResult.rejected(PcapReasons.BAD_IP_HEADER);
      }
      switch (next) {
        case 0: // hop-by-hop
        case 43: // routing
        case 60: // destination options
        case 135: // mobility
        case 139: // HIP
        case 140: // shim6
          if (b.length < cur + 2) {
            return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
          }
          next = b[cur] & 0xff;
          cur += ((b[cur + 1] & 0xff) + 1) * 8;
          break;
        case 44: // fragment: an atomic fragment (offset 0, no more) is a whole packet
          if (b.length < cur + 8) {
            return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
          }
          if ((Bytes.u16be(b, cur + 2) & 0xfff9) != 0) {
            return PacketDecodeResult.rejected(PcapReasons.IP_FRAGMENT);
          }
          next = b[cur] & 0xff;
          cur += 8;
          break;
        case 51: // authentication header: length in 4-byte units, minus 2
          if (b.length < cur + 2) {
            return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
          }
          next = b[cur] & 0xff;
          cur += ((b[cur + 1] & 0xff) + 2) * 4;
          break;
        default: // ESP, no-next-header, UDP, ICMPv6 …
          return PacketDecodeResult.rejected(PcapReasons.NOT_TCP);
      }
    }
    return tcp(p, source, off + 8, off + 24, 16, cur, end);
  }

  /**
   * The TCP header at {@code off}; {@code end} is where the IP packet says it ends, which may lie
   * beyond the captured bytes (snapshot length) or before them (Ethernet padding).
   */
  private static PacketDecodeResult tcp(
      Packet p, String source, int srcOff, int dstOff, int addrLength, int off, long end) {
    byte[] b = p.data;
    if (off + 20 > b.length || off + 20 > end) {
      return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
    }
    int headerLength = ((b[off + 12] & 0xff) >> 4) * 4;
    if (headerLength < 20) {
      return PacketDecodeResult.rejected(PcapReasons.BAD_TCP_HEADER);
    }
    int payloadStart = off + headerLength;
    if (payloadStart > b.length || payloadStart > end) {
      return PacketDecodeResult.rejected(PcapReasons.TRUNCATED_HEADER);
    }
    int captured = (int) Math.min(end, b.length);
    TcpSegment s = new TcpSegment();
    s.source = source;
    s.packetIndex = p.index;
    s.timestampMicros = p.timestampMicros;
    s.srcIp = IpText.format(b, srcOff, addrLength);
    s.dstIp = IpText.format(b, dstOff, addrLength);
    s.srcPort = Bytes.u16be(b, off);
    s.dstPort = Bytes.u16be(b, off + 2);
    s.seq = Bytes.u32be(b, off + 4);
    s.ack = Bytes.u32be(b, off + 8);
    s.flags = b[off + 13] & 0xff;
    s.payload = captured > payloadStart ? Arrays.copyOfRange(b, payloadStart, captured) : EMPTY;
    s.missingBytes = (int) Math.max(0, end - captured);
    boolean v6 = addrLength == 16;
    int order = IpText.compareEndpoints(b, srcOff, s.srcPort, dstOff, s.dstPort, addrLength);
    String src = IpText.endpoint(s.srcIp, s.srcPort, v6);
    String dst = IpText.endpoint(s.dstIp, s.dstPort, v6);
    s.direction = order <= 0 ? 0 : 1;
    s.connectionKey = order <= 0 ? src + "-" + dst : dst + "-" + src;
    return PacketDecodeResult.of(s);
  }
}
