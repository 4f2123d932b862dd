package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Link, IP and TCP headers, and every reason a packet yields no segment. */
class PacketDecoderTest {

  private static final byte[] PAYLOAD = {0, 0, 0, 1, 42};

  private static byte[] tcp(int srcPort, int dstPort, int dataOffsetWords, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(dataOffsetWords * 4 + payload.length);
    b.putShort((short) srcPort).putShort((short) dstPort).putInt(0xfffffff0).putInt(77);
    b.put((byte) (dataOffsetWords << 4)).put((byte) 0x18).putShort((short) 1024).putInt(0);
    b.position(dataOffsetWords * 4);
    b.put(payload);
    return b.array();
  }

  private static byte[] ipv4(int protocol, int flagsAndOffset, int totalLength, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(20 + body.length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) totalLength).putInt(flagsAndOffset & 0xffff);
    b.put((byte) 64).put((byte) protocol).putShort((short) 0);
    b.put(new byte[] {10, 0, 0, 2}).put(new byte[] {10, 0, 0, 1}).put(body);
    return b.array();
  }

  private static byte[] ipv4(byte[] tcp) {
    return ipv4(6, 0x4000, 20 + tcp.length, tcp);
  }

  private static byte[] ipv6(int next, byte[] src, byte[] dst, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(40 + body.length);
    b.putInt(0x60000000).putShort((short) body.length).put((byte) next).put((byte) 64);
    b.put(src).put(dst).put(body);
    return b.array();
  }

  private static byte[] ether(int type, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(14 + body.length);
    b.put(new byte[12]).putShort((short) type).put(body);
    return b.array();
  }

  private static byte[] concat(byte[]... parts) {
    return Smb2Builder.concat(parts);
  }

  private static PacketDecodeResult decode(int linkType, byte[] data) {
    return PacketDecoder.decode(new Packet(9, 123_456_789L, linkType, data.length, data), "f");
  }

  private static byte[] v6(String hex) {
    byte[] out = new byte[16];
    for (int i = 0; i < 16; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  @Test
  void ipv4OverEthernet() {
    TcpSegment s = decode(1, ether(0x0800, ipv4(tcp(445, 50000, 5, PAYLOAD)))).segment();

    assertThat(s.srcIp).isEqualTo("10.0.0.2");
    assertThat(s.dstIp).isEqualTo("10.0.0.1");
    assertThat(s.srcPort).isEqualTo(445);
    assertThat(s.seq).isEqualTo(0xfffffff0L);
    assertThat(s.ack).isEqualTo(77);
    assertThat(s.flags).isEqualTo(TcpSegment.ACK | TcpSegment.PSH);
    assertThat(s.payload).isEqualTo(PAYLOAD);
    assertThat(s.connectionKey).isEqualTo("10.0.0.1:50000-10.0.0.2:445");
    assertThat(s.direction).isEqualTo(1);
    assertThat(s.packetIndex).isEqualTo(9);
    assertThat(s.timestampMicros).isEqualTo(123_456_789L);
    assertThat(s.source).isEqualTo("f");
  }

  @Test
  void ipv6WithExtensionHeadersAndAnAtomicFragment() {
    byte[] hopByHop = {60, 0, 0, 0, 0, 0, 0, 0};
    byte[] destination = {44, 0, 0, 0, 0, 0, 0, 0};
    byte[] atomicFragment = {6, 0, 0, 0, 0, 0, 0, 1};
    byte[] body = concat(hopByHop, destination, atomicFragment, tcp(50000, 445, 6, PAYLOAD));
    byte[] src = v6("fe800000000000000000000000000001");
    byte[] dst = v6("20010db8000000000000000000000001");

    TcpSegment s = decode(1, ether(0x86dd, ipv6(0, src, dst, body))).segment();

    assertThat(s.srcIp).isEqualTo("fe80::1");
    assertThat(s.dstIp).isEqualTo("2001:db8::1");
    assertThat(s.payload).isEqualTo(PAYLOAD);
    assertThat(s.connectionKey).isEqualTo("[2001:db8::1]:445-[fe80::1]:50000");
    assertThat(s.direction).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
    "00000000000000000000000000000000, ::",
    "00010000000000000000000000000000, 1::",
    "20010db8000000010001000100010001, 2001:db8:0:1:1:1:1:1",
    "20010000000000010000000000000001, 2001:0:0:1::1",
    "00000000000000000000ffff0a000001, ::ffff:10.0.0.1",
    "fe80000000000000020c29fffe9d7b4a, fe80::20c:29ff:fe9d:7b4a",
  })
  void ipv6TextIsRfc5952(String hex, String text) {
    assertThat(IpText.ipv6(v6(hex), 0)).isEqualTo(text);
  }

  @Test
  void ethernetPaddingIsNotPayloadAndSnappedBytesAreMissing() {
    byte[] padded = concat(ether(0x0800, ipv4(tcp(445, 50000, 5, PAYLOAD))), new byte[12]);
    assertThat(decode(1, padded).segment().payload).isEqualTo(PAYLOAD);

    byte[] full = ether(0x0800, ipv4(tcp(445, 50000, 5, new byte[1000])));
    TcpSegment snapped = decode(1, Arrays.copyOf(full, 100)).segment();
    assertThat(snapped.payload).hasSize(100 - 54);
    assertThat(snapped.missingBytes).isEqualTo(1000 - 46);
  }

  @Test
  void aZeroTotalLengthMeansSegmentationOffload() {
    byte[] tcp = tcp(445, 50000, 5, new byte[3000]);
    TcpSegment s = decode(228, ipv4(6, 0, 0, tcp)).segment();

    assertThat(s.payload).hasSize(3000);
    assertThat(s.missingBytes).isZero();
  }

  @Test
  void everyRejectionHasItsReason() {
    byte[] segment = tcp(445, 50000, 5, PAYLOAD);
    byte[] v6a = v6("fe800000000000000000000000000001");
    byte[] v6b = v6("fe800000000000000000000000000002");
    assertThat(reason(1, ether(0x0806, new byte[28]))).isEqualTo(PcapReasons.NOT_IP);
    assertThat(reason(1, ether(0x0800, ipv4(17, 0, 28, new byte[8]))))
        .isEqualTo(PcapReasons.NOT_TCP);
    assertThat(reason(1, ether(0x0800, ipv4(6, 0x2000, 40, segment))))
        .isEqualTo(PcapReasons.IP_FRAGMENT);
    assertThat(reason(1, ether(0x0800, ipv4(6, 0x0010, 40, segment))))
        .isEqualTo(PcapReasons.IP_FRAGMENT);
    byte[] fragment = {6, 0, 0, 8, 0, 0, 0, 1};
    assertThat(reason(229, ipv6(44, v6a, v6b, concat(fragment, segment))))
        .isEqualTo(PcapReasons.IP_FRAGMENT);
    assertThat(reason(229, ipv6(50, v6a, v6b, segment))).isEqualTo(PcapReasons.NOT_TCP);
    assertThat(reason(1, new byte[13])).isEqualTo(PcapReasons.TRUNCATED_HEADER);
    assertThat(reason(1, ether(0x0800, new byte[19]))).isEqualTo(PcapReasons.TRUNCATED_HEADER);
    assertThat(reason(228, Arrays.copyOf(ipv4(segment), 30)))
        .isEqualTo(PcapReasons.TRUNCATED_HEADER);
    assertThat(reason(228, ipv4(tcp(445, 50000, 4, PAYLOAD))))
        .isEqualTo(PcapReasons.BAD_TCP_HEADER);
    byte[] badIhl = ipv4(segment);
    badIhl[0] = 0x44;
    assertThat(reason(228, badIhl)).isEqualTo(PcapReasons.BAD_IP_HEADER);
    assertThat(reason(101, new byte[] {0x50, 0, 0})).isEqualTo(PcapReasons.NOT_IP);
    assertThat(reason(105, new byte[40])).isEqualTo(PcapReasons.UNSUPPORTED_LINK_TYPE);
    byte[] tags = new byte[0];
    for (int i = 0; i < 5; i++) {
      tags = concat(tags, new byte[] {0, 1, (byte) 0x81, 0});
    }
    byte[] tooManyTags = concat(new byte[12], new byte[] {(byte) 0x81, 0}, tags, ipv4(segment));
    assertThat(reason(1, tooManyTags)).isEqualTo(PcapReasons.NOT_IP);
  }

  private static String reason(int linkType, byte[] data) {
    PacketDecodeResult r = decode(linkType, data);
    assertThat(r.segment()).isNull();
    return r.reason();
  }
}
