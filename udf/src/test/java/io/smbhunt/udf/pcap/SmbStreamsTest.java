package io.smbhunt.udf.pcap;

import static io.smbhunt.udf.pcap.Smb2Builder.compound;
import static io.smbhunt.udf.pcap.Smb2Builder.concat;
import static io.smbhunt.udf.pcap.Smb2Builder.createRequest;
import static io.smbhunt.udf.pcap.Smb2Builder.createResponse;
import static io.smbhunt.udf.pcap.Smb2Builder.nbss;
import static io.smbhunt.udf.pcap.Smb2Builder.treeConnectRequest;
import static io.smbhunt.udf.pcap.Smb2Builder.treeConnectResponse;
import static io.smbhunt.udf.pcap.Smb2Builder.writeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.udf.flow.FlowRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reassembly and framing on synthetic segments: the cases a real capture rarely shows. */
class SmbStreamsTest {

  private final PcapDecodeCounters counters = new PcapDecodeCounters();

  /** Tree connect to C$, create of x.exe: the conversation every test writes to. */
  private static Smb2Builder.Conversation opened() {
    return new Smb2Builder.Conversation()
        .handshake()
        .send(0, nbss(treeConnectRequest(1, "\\\\srv\\C$")), 1460)
        .send(1, nbss(treeConnectResponse(1, 5, 1, 0)), 1460)
        .send(0, nbss(createRequest(2, 5, "x.exe")), 1460)
        .send(1, nbss(createResponse(2, 5, 0x11, 0x22, 0)), 1460);
  }

  private static byte[] write(long messageId, int length) {
    return nbss(writeRequest(messageId, 5, 0x11, 0x22, length, length));
  }

  private List<FlowRecord> run(List<TcpSegment> segments) {
    SmbConnectionState state = new SmbConnectionState();
    List<SmbFlow> out = new ArrayList<>();
    for (TcpSegment s : segments) {
      SmbConnectionProcessor.onSegment(state, s, counters, out);
      assertBounded(state.stream);
    }
    SmbConnectionProcessor.close(state, counters, out);
    return Captures.records(out);
  }

  static void assertBounded(SmbStreamState st) {
    for (SmbDirectionState d : new SmbDirectionState[] {st.fromLower, st.fromHigher}) {
      assertThat(d.chunkCount).isLessThanOrEqualTo(PcapLimits.MAX_OUT_OF_ORDER_SEGMENTS);
      assertThat(d.chunkBytes).isLessThanOrEqualTo(PcapLimits.MAX_OUT_OF_ORDER_BYTES);
      assertThat(d.message == null ? 0 : d.message.length)
          .isLessThanOrEqualTo(PcapLimits.MAX_MESSAGE_BYTES);
      assertThat(d.carry == null ? 0 : d.carry.length).isLessThanOrEqualTo(7);
    }
    assertThat(SmbStreams.bufferedBytes(st))
        .isLessThanOrEqualTo(
            2L * (PcapLimits.MAX_OUT_OF_ORDER_BYTES + PcapLimits.MAX_MESSAGE_BYTES + 11));
  }

  private static List<String> summary(List<FlowRecord> records) {
    List<String> out = new ArrayList<>();
    for (FlowRecord r : records) {
      out.add(r.protocol + " " + (r.fileName != null ? r.fileName : r.share) + " " + r.size);
    }
    return out;
  }

  private static final List<String> CREATE_AND_WRITE =
      List.of("smb.tree_connect \\\\srv\\C$ null", "smb.create x.exe null", "smb.write x.exe 100");

  @Test
  void inOrderSegmentsFrameEveryMessage() {
    Smb2Builder.Conversation c = opened().send(0, write(3, 100), 1460).fin(0).fin(1);

    assertThat(summary(run(c.segments))).isEqualTo(CREATE_AND_WRITE);
    assertThat(counters.get(PcapReasons.SMB_MESSAGES)).isEqualTo(5);
    assertThat(counters.asMap())
        .doesNotContainKeys(PcapReasons.TCP_GAP, PcapReasons.NETBIOS_DESYNC);
  }

  @Test
  void retransmittedAndOverlappingSegmentsAreFramedOnce() {
    Smb2Builder.Conversation c = opened();
    long start = c.next[0];
    byte[] w = write(3, 100);
    c.send(0, w, 60);
    // The whole write again (retransmission), then a segment overlapping old and new bytes.
    c.segments.add(c.segment(0, start, w, TcpSegment.ACK));
    byte[] more = write(4, 10);
    byte[] overlap = concat(java.util.Arrays.copyOfRange(w, w.length - 20, w.length), more);
    c.segments.add(c.segment(0, start + w.length - 20, overlap, TcpSegment.ACK));

    List<String> flows = summary(run(c.segments));

    assertThat(flows)
        .containsExactly(
            CREATE_AND_WRITE.get(0),
            CREATE_AND_WRITE.get(1),
            CREATE_AND_WRITE.get(2),
            "smb.write x.exe 10");
    assertThat(counters.get(PcapReasons.TCP_RETRANSMISSION)).isEqualTo(1);
    assertThat(counters.asMap()).doesNotContainKey(PcapReasons.TCP_GAP);
  }

  @Test
  void outOfOrderSegmentsWaitForTheHole() {
    Smb2Builder.Conversation c = opened().send(0, write(3, 100), 30);
    List<TcpSegment> segments = new ArrayList<>(c.segments);
    int n = segments.size();
    // The write's last four segments arrive in reverse: three wait for the first.
    Collections.swap(segments, n - 1, n - 4);
    Collections.swap(segments, n - 2, n - 3);

    assertThat(summary(run(segments))).isEqualTo(CREATE_AND_WRITE);
    assertThat(counters.get(PcapReasons.TCP_OUT_OF_ORDER)).isEqualTo(3);
    assertThat(counters.asMap()).doesNotContainKey(PcapReasons.TCP_GAP);
  }

  @Test
  void aLostSegmentCostsItsMessageOnlyAndIsGivenUpOnAtFin() {
    Smb2Builder.Conversation c = opened();
    c.send(0, write(3, 100), 1460);
    c.segments.remove(c.segments.size() - 1); // the write is never captured
    c.send(0, write(4, 50), 1460).fin(0);

    assertThat(summary(run(c.segments)))
        .containsExactly(CREATE_AND_WRITE.get(0), CREATE_AND_WRITE.get(1), "smb.write x.exe 50");
    assertThat(counters.get(PcapReasons.TCP_GAP)).isEqualTo(1);
  }

  @Test
  void theWaitForAHoleIsBoundedBySegmentsBuffered() {
    Smb2Builder.Conversation c = opened();
    c.send(0, write(3, 100), 1460);
    c.segments.remove(c.segments.size() - 1);
    for (int i = 0; i < PcapLimits.MAX_OUT_OF_ORDER_SEGMENTS + 5; i++) {
      c.send(0, write(10 + i, 10), 1460);
    }
    SmbConnectionState state = new SmbConnectionState();
    List<SmbFlow> out = new ArrayList<>();
    for (TcpSegment s : c.segments) {
      SmbConnectionProcessor.onSegment(state, s, counters, out);
      assertBounded(state.stream);
    }

    // Without FIN or close: the hole was given up on when the buffer filled.
    assertThat(counters.get(PcapReasons.TCP_GAP)).isEqualTo(1);
    assertThat(out).hasSize(2 + PcapLimits.MAX_OUT_OF_ORDER_SEGMENTS + 5);
  }

  @Test
  void theWaitForAHoleIsBoundedByBytesBuffered() {
    Smb2Builder.Conversation c = opened();
    c.send(0, write(3, 100), 1460);
    c.segments.remove(c.segments.size() - 1);
    c.send(0, write(4, PcapLimits.MAX_OUT_OF_ORDER_BYTES + 5000), 60_000);
    SmbConnectionState state = new SmbConnectionState();
    List<SmbFlow> out = new ArrayList<>();
    for (TcpSegment s : c.segments) {
      SmbConnectionProcessor.onSegment(state, s, counters, out);
      assertBounded(state.stream);
    }

    assertThat(counters.get(PcapReasons.TCP_GAP)).isEqualTo(1);
    assertThat(out).hasSize(3);
    assertThat(out.get(2).record.size).isEqualTo(PcapLimits.MAX_OUT_OF_ORDER_BYTES + 5000L);
  }

  @Test
  void aWriteOfMegabytesSpanningSegmentsIsOneMessageKeptShort() {
    int length = 3 * 1024 * 1024;
    Smb2Builder.Conversation c = opened().send(0, write(3, length), 1448).fin(0);

    List<FlowRecord> flows = run(c.segments);

    assertThat(flows).hasSize(3);
    assertThat(flows.get(2).size).isEqualTo((long) length);
    assertThat(flows.get(2).line).isEqualTo(c.segments.get(c.segments.size() - 2).packetIndex);
    assertThat(counters.get(PcapReasons.SMB_MESSAGE_TRUNCATED)).isEqualTo(1);
  }

  @Test
  void aHoleInTheUnkeptTailOfAWriteLosesNothing() {
    Smb2Builder.Conversation c = opened();
    int before = c.segments.size();
    c.send(0, write(3, 200_000), 1448);
    c.segments.remove(before + 100); // ~145 KB into the write: past the kept 64 KiB
    c.send(0, write(4, 10), 1448).fin(0);

    assertThat(summary(run(c.segments)))
        .containsExactly(
            CREATE_AND_WRITE.get(0),
            CREATE_AND_WRITE.get(1),
            "smb.write x.exe 200000",
            "smb.write x.exe 10");
    assertThat(counters.get(PcapReasons.TCP_GAP)).isEqualTo(1);
    assertThat(counters.asMap())
        .doesNotContainKeys(PcapReasons.SMB_MESSAGE_LOST, PcapReasons.NETBIOS_DESYNC);
  }

  @Test
  void holesInsideMessagesKeepFramingAndTheBytesBeforeThem() {
    Smb2Builder.Conversation c = opened();
    int before = c.segments.size();
    // Three writes of 216, 216 and 123 bytes with their NetBIOS headers, in 50-byte segments.
    c.send(0, concat(write(3, 100), write(4, 100), write(5, 7)), 50);
    c.segments.remove(before + 1); // bytes 50..99: inside the first write's header
    c.segments.remove(before + 4); // bytes 250..299: inside the second write's header
    c.fin(0);

    assertThat(summary(run(c.segments)))
        .containsExactly(CREATE_AND_WRITE.get(0), CREATE_AND_WRITE.get(1), "smb.write x.exe 7");
    assertThat(counters.get(PcapReasons.TCP_GAP)).isEqualTo(2);
    assertThat(counters.get(PcapReasons.SMB_MESSAGE_PARTIAL)).isEqualTo(2);
    assertThat(counters.get(PcapReasons.SMB2_NOT_CAPTURED)).isEqualTo(2);
    assertThat(counters.asMap()).doesNotContainKey(PcapReasons.NETBIOS_DESYNC);
  }

  @Test
  void aHoleOverAFrameBoundaryResyncsOnTheNextHeader() {
    Smb2Builder.Conversation c = opened();
    int before = c.segments.size();
    c.send(0, concat(write(3, 100), write(4, 100), write(5, 7)), 50);
    c.segments.remove(before + 4); // bytes 200..249: the first write's end, the second's start
    c.fin(0);

    // The first write's header was whole: reported. The second is gone; framing finds the third.
    assertThat(summary(run(c.segments)))
        .containsExactly(
            CREATE_AND_WRITE.get(0),
            CREATE_AND_WRITE.get(1),
            "smb.write x.exe 100",
            "smb.write x.exe 7");
    assertThat(counters.get(PcapReasons.TCP_GAP)).isEqualTo(1);
    assertThat(counters.asMap()).doesNotContainKey(PcapReasons.NETBIOS_DESYNC);
  }

  @Test
  void aCaptureStartingMidMessageFindsTheNextHeader() {
    Smb2Builder.Conversation c = opened();
    c.send(0, concat(write(3, 100), write(4, 33)), 40);
    // The capture starts at byte 200: inside the first write; the second starts at 216.
    int n = c.segments.size();
    List<TcpSegment> late = new ArrayList<>(c.segments.subList(n - 5, n));

    List<FlowRecord> flows = run(late);

    // No tree or create seen: the write is reported with neither name nor share.
    assertThat(flows).hasSize(1);
    assertThat(flows.get(0).size).isEqualTo(33);
    assertThat(flows.get(0).fileName).isNull();
    assertThat(flows.get(0).dstPort).isEqualTo(445);
    assertThat(counters.get(PcapReasons.TCP_NO_HANDSHAKE)).isEqualTo(1);
    assertThat(counters.get(PcapReasons.SMB2_UNKNOWN_FILE_ID)).isEqualTo(1);
  }

  @Test
  void netbiosKeepAlivesAreSkipped() {
    Smb2Builder.Conversation c = opened();
    c.send(0, concat(new byte[] {(byte) 0x85, 0, 0, 0}, write(3, 100)), 1460);

    assertThat(summary(run(c.segments))).isEqualTo(CREATE_AND_WRITE);
    assertThat(counters.get(PcapReasons.NETBIOS_NON_SESSION)).isEqualTo(1);
  }

  @Test
  void garbageBetweenMessagesIsSkippedUntilTheNextSmbHeader() {
    Smb2Builder.Conversation c = opened();
    c.send(
        0,
        concat(
            "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            write(3, 100)),
        7);

    assertThat(summary(run(c.segments))).isEqualTo(CREATE_AND_WRITE);
    assertThat(counters.get(PcapReasons.NETBIOS_DESYNC)).isEqualTo(1);
  }

  @Test
  void payloadCutBySnapLengthIsAGapNotAWait() {
    Smb2Builder.Conversation c = opened();
    byte[] w = write(3, 1000);
    c.send(0, java.util.Arrays.copyOf(w, 200), 1460);
    c.segments.get(c.segments.size() - 1).missingBytes = w.length - 200;
    c.next[0] += w.length - 200;
    c.send(0, write(4, 20), 1460);

    // The write's header was captured, its data cut: still reported, framing goes on.
    assertThat(summary(run(c.segments)))
        .containsExactly(
            CREATE_AND_WRITE.get(0),
            CREATE_AND_WRITE.get(1),
            "smb.write x.exe 1000",
            "smb.write x.exe 20");
    assertThat(counters.get(PcapReasons.TCP_SNAPPED_PAYLOAD)).isEqualTo(1);
    assertThat(counters.get(PcapReasons.SMB_MESSAGE_PARTIAL)).isEqualTo(1);
  }

  @Test
  void sequenceNumbersWrapAround() {
    Smb2Builder.Conversation c = new Smb2Builder.Conversation();
    c.next[0] = 0xffffffffL - 150;
    c.handshake();
    c.send(0, nbss(treeConnectRequest(1, "\\\\srv\\C$")), 100);
    c.send(1, nbss(treeConnectResponse(1, 5, 1, 0)), 1460);
    c.send(0, nbss(createRequest(2, 5, "x.exe")), 100);
    c.send(1, nbss(createResponse(2, 5, 0x11, 0x22, 0)), 1460);
    c.send(0, write(3, 100), 100);
    for (TcpSegment s : c.segments) {
      s.seq &= 0xffffffffL;
    }

    assertThat(summary(run(c.segments))).isEqualTo(CREATE_AND_WRITE);
  }

  @Test
  void aReusedPortPairStartsAFreshConnection() {
    Smb2Builder.Conversation c = opened().send(0, write(3, 100), 1460).fin(0).fin(1);
    Smb2Builder.Conversation again = new Smb2Builder.Conversation();
    again.index = c.index;
    again.next[0] = 900_000;
    again.handshake().send(0, write(3, 40), 1460);
    List<TcpSegment> all = new ArrayList<>(c.segments);
    all.addAll(again.segments);

    List<FlowRecord> flows = run(all);

    // The second connection never opened 0x11/0x22: its write has no name.
    assertThat(flows).hasSize(4);
    assertThat(flows.get(3).size).isEqualTo(40);
    assertThat(flows.get(3).fileName).isNull();
    assertThat(counters.get(PcapReasons.TCP_CONNECTION_REUSED)).isEqualTo(1);
  }

  @Test
  void compoundRequestsAreOneMessage() {
    Smb2Builder.Conversation c = opened();
    c.send(
        0,
        nbss(
            compound(
                writeRequest(3, 5, 0x11, 0x22, 10, 10), writeRequest(4, 5, 0x11, 0x22, 20, 20))),
        1460);

    assertThat(summary(run(c.segments)))
        .containsExactly(
            CREATE_AND_WRITE.get(0),
            CREATE_AND_WRITE.get(1),
            "smb.write x.exe 10",
            "smb.write x.exe 20");
  }
}
