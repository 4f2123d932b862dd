package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.udf.flow.FlowRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real capture in other shapes — split into rotated files read in any order, pcapng, other link
 * layers — decodes to the same records as the original.
 */
class CaptureVariantsTest {

  private static final List<FlowRecord> ORIGINAL =
      Captures.decode(Captures.realCaptureBytes(), Captures.SOURCE, new PcapDecodeCounters());
  private static final List<Packet> PACKETS = Captures.packets(Captures.realCaptureBytes());

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 40, 100})
  void splitFilesReadInAnyOrderGiveTheSameRecords(int packetsPerFile) {
    // Like editcap -c N: consecutive ranges, each its own file with its own 1-based numbering.
    // Each part is written in another pcap variant (byte order, µs/ns) for good measure.
    List<byte[]> files = new ArrayList<>();
    for (int from = 0; from < PACKETS.size(); from += packetsPerFile) {
      List<Packet> part = PACKETS.subList(from, Math.min(from + packetsPerFile, PACKETS.size()));
      int k = files.size();
      files.add(Captures.writePcap(part, 1, k % 2 == 0, k % 3 == 0));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(packetsPerFile));

    PcapDecodeCounters c = new PcapDecodeCounters();
    List<TcpSegment> segments = new ArrayList<>();
    for (int i : order) {
      segments.addAll(Captures.segments(files.get(i), "part-" + i + ".pcap", c));
    }
    List<FlowRecord> records = Captures.records(Captures.flows(segments, c));

    assertThat(withoutEvidence(records)).isEqualTo(withoutEvidence(ORIGINAL));
    // The evidence points at the same frames: file k, packet i is original frame k*N + i.
    for (int i = 0; i < records.size(); i++) {
      FlowRecord r = records.get(i);
      int part = Integer.parseInt(r.source.replaceAll("\\D", ""));
      assertThat(part * (long) packetsPerFile + r.line).isEqualTo(ORIGINAL.get(i).line);
    }
    assertThat(c.get(PcapReasons.TCP_GAP)).isZero();
  }

  @Test
  void pcapngWrittenByEditcapGivesTheSameRecords() throws IOException {
    byte[] pcapng;
    try (InputStream in =
        getClass().getResourceAsStream("/pcap/covenant_copy_smb_CreateRequest.pcapng")) {
      pcapng = in.readAllBytes();
    }
    PcapDecodeCounters c = new PcapDecodeCounters();

    assertThat(Captures.decode(pcapng, Captures.SOURCE, c)).isEqualTo(ORIGINAL);
    assertThat(c.get(PcapReasons.PACKETS)).isEqualTo(177);
  }

  @Test
  void pcapngWithTwoInterfacesTwoSectionsAndForeignBlocksGivesTheSameRecords() {
    // Section 1 (little-endian): Ethernet at µs and Linux cooked at ns, packets alternating.
    // Section 2 (big-endian) from packet 100 on: SLL2 at ns. Statistics and custom blocks between.
    Captures.PcapNgWriter w =
        new Captures.PcapNgWriter(true).iface(1, 65535, -1).iface(113, 0, 9).opaque(0xBAD, 13);
    for (int i = 0; i < PACKETS.size(); i++) {
      Packet p = PACKETS.get(i);
      if (i == 100) {
        w.section(false).iface(276, 0, 9);
      }
      if (i >= 100) {
        w.packet(0, p.timestampMicros * 1000, sll2(p.data));
      } else if (i % 2 == 0) {
        w.packet(0, p.timestampMicros, p.data);
      } else {
        w.packet(1, p.timestampMicros * 1000, sll(p.data));
      }
      if (i % 50 == 0) {
        w.opaque(5, 20); // interface statistics
      }
    }
    PcapDecodeCounters c = new PcapDecodeCounters();

    assertThat(Captures.decode(w.bytes(), Captures.SOURCE, c)).isEqualTo(ORIGINAL);
    assertThat(c.get(PcapReasons.PACKETS)).isEqualTo(177);
    assertThat(c.get(PcapReasons.PCAPNG_BLOCK_SKIPPED)).isEqualTo(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sll", "sll2", "vlan", "qinq", "raw", "ipv4"})
  void otherLinkLayersGiveTheSameRecords(String variant) {
    Map<String, Integer> linkTypes = new HashMap<>();
    Map<String, UnaryOperator<byte[]>> rewrite = new HashMap<>();
    linkTypes.put("sll", 113);
    rewrite.put("sll", CaptureVariantsTest::sll);
    linkTypes.put("sll2", 276);
    rewrite.put("sll2", CaptureVariantsTest::sll2);
    linkTypes.put("vlan", 1);
    rewrite.put("vlan", d -> tagged(d, 0x8100));
    linkTypes.put("qinq", 1);
    rewrite.put("qinq", d -> tagged(tagged(d, 0x8100), 0x88a8));
    linkTypes.put("raw", 101);
    rewrite.put("raw", d -> Arrays.copyOfRange(d, 14, d.length));
    linkTypes.put("ipv4", 228);
    rewrite.put("ipv4", d -> Arrays.copyOfRange(d, 14, d.length));
    List<Packet> rewritten = new ArrayList<>();
    for (Packet p : PACKETS) {
      byte[] data = rewrite.get(variant).apply(p.data);
      rewritten.add(new Packet(p.index, p.timestampMicros, 0, data.length, data));
    }
    byte[] file = Captures.writePcap(rewritten, linkTypes.get(variant), true, false);

    assertThat(Captures.decode(file, Captures.SOURCE, new PcapDecodeCounters()))
        .isEqualTo(ORIGINAL);
  }

  /** Ethernet → Linux cooked v1: packet type, ARPHRD_ETHER, address, protocol. */
  static byte[] sll(byte[] eth) {
    byte[] out = new byte[eth.length + 2];
    out[1] = 4; // sent by us
    out[3] = 1; // ARPHRD_ETHER
    out[5] = 6;
    System.arraycopy(eth, 6, out, 6, 6); // source MAC
    System.arraycopy(eth, 12, out, 14, eth.length - 12); // protocol and payload
    return out;
  }

  /** Ethernet → Linux cooked v2: protocol, reserved, ifindex, ARPHRD, type, address. */
  static byte[] sll2(byte[] eth) {
    byte[] out = new byte[eth.length + 6];
    System.arraycopy(eth, 12, out, 0, 2);
    out[7] = 2; // interface index
    out[9] = 1; // ARPHRD_ETHER
    out[10] = 4;
    out[11] = 6;
    System.arraycopy(eth, 6, out, 12, 6);
    System.arraycopy(eth, 14, out, 20, eth.length - 14);
    return out;
  }

  /** Inserts a tag of {@code tpid} with VLAN id 39 after the MAC addresses. */
  static byte[] tagged(byte[] eth, int tpid) {
    byte[] out = new byte[eth.length + 4];
    System.arraycopy(eth, 0, out, 0, 12);
    out[12] = (byte) (tpid >> 8);
    out[13] = (byte) tpid;
    out[15] = 39;
    System.arraycopy(eth, 12, out, 16, eth.length - 12);
    return out;
  }

  private static List<FlowRecord> withoutEvidence(List<FlowRecord> records) {
    List<FlowRecord> out = new ArrayList<>();
    for (FlowRecord r : records) {
      FlowRecord copy = copy(r);
      copy.source = null;
      copy.line = 0;
      out.add(copy);
    }
    return out;
  }

  private static FlowRecord copy(FlowRecord r) {
    FlowRecord f = new FlowRecord();
    f.timestamp = r.timestamp;
    f.srcIp = r.srcIp;
    f.srcPort = r.srcPort;
    f.dstIp = r.dstIp;
    f.dstPort = r.dstPort;
    f.protocol = r.protocol;
    f.fileName = r.fileName;
    f.pipeName = r.pipeName;
    f.pipeNameRaw = r.pipeNameRaw;
    f.share = r.share;
    f.shareType = r.shareType;
    f.size = r.size;
    f.sensor = r.sensor;
    f.connectionId = r.connectionId;
    f.action = r.action;
    return f;
  }
}
