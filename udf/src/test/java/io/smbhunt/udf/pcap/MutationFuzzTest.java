package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.udf.flow.FlowRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of every decoder over the real captures: bit flips, truncations and
 * random or extreme values in length and offset fields, at the file, packet, segment and message
 * level. Nothing may escape as an exception, and no buffer or table may pass its bound. A failure
 * names its iteration; the seeds make it reproducible.
 */
class MutationFuzzTest {

  private static final int[] EXTREMES = {0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, -1, 64};
  private static final byte[] REAL = Captures.realCaptureBytes();

  /**
   * Samba's and Impacket's traffic: NTLM sign-ins, SMB1, RPC over IOCTL and over WRITE/READ (of
   * SMB2 and of SMB1).
   */
  private static final byte[] SAMBA = Captures.read(SambaCaptureTest.CAPTURE);

  private static final byte[] IMPACKET = Captures.read(ImpacketCaptureTest.CAPTURE);
  private static final byte[] IMPACKET_SMB1 = Captures.read(ImpacketSmb1CaptureTest.CAPTURE);
  private static final List<Packet> PACKETS = Captures.packets(REAL);

  /** Mutates {@code b} in place (a copy is made by callers) and may return a truncated copy. */
  private static byte[] mutate(Random r, byte[] b, int focus) {
    byte[] out = b.clone();
    if (out.length == 0) {
      return out;
    }
    int kind = r.nextInt(5);
    int span = Math.min(out.length, focus > 0 && r.nextBoolean() ? focus : out.length);
    switch (kind) {
      case 0: // bit flips
        for (int i = 1 + r.nextInt(8); i > 0; i--) {
          out[r.nextInt(span)] ^= (byte) (1 << r.nextInt(8));
        }
        return out;
      case 1: // truncation
        return Arrays.copyOf(out, r.nextInt(out.length));
      case 2: // a random or extreme 16/32-bit value in a likely length/offset field
        {
          int at = r.nextInt(span);
          int v = r.nextBoolean() ? EXTREMES[r.nextInt(EXTREMES.length)] : r.nextInt();
          int width = r.nextBoolean() ? 2 : 4;
          for (int i = 0; i < width && at + i < out.length; i++) {
            out[at + i] = (byte) (r.nextBoolean() ? v >>> (8 * i) : v >>> (8 * (width - 1 - i)));
          }
          return out;
        }
      case 3: // random bytes over a stretch
        {
          int at = r.nextInt(span);
          int n = Math.min(out.length - at, 1 + r.nextInt(32));
          for (int i = 0; i < n; i++) {
            out[at + i] = (byte) r.nextInt();
          }
          return out;
        }
      default: // duplicate or delete a stretch: shifts everything after it
        {
          int at = r.nextInt(out.length);
          int n = Math.min(out.length - at, 1 + r.nextInt(64));
          byte[] shifted = new byte[out.length + (r.nextBoolean() ? n : -n)];
          if (shifted.length > out.length) {
            System.arraycopy(out, 0, shifted, 0, at + n);
            System.arraycopy(out, at, shifted, at + n, out.length - at);
          } else {
            System.arraycopy(out, 0, shifted, 0, at);
            System.arraycopy(out, at + n, shifted, at, out.length - at - n);
          }
          return shifted;
        }
    }
  }

  @Test
  void mutatedCaptureFilesNeverThrowAndNeverAllocatePastTheLimits() throws IOException {
    byte[] pcapng;
    try (InputStream in =
        getClass().getResourceAsStream("/pcap/covenant_copy_smb_CreateRequest.pcapng")) {
      pcapng = in.readAllBytes();
    }
    Random r = new Random(20200922L);
    for (int i = 0; i < 1500; i++) {
      byte[] base = i % 4 == 0 ? REAL : i % 4 == 1 ? pcapng : i % 4 == 2 ? SAMBA : IMPACKET;
      byte[] file = base;
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        file = mutate(r, file, 256);
      }
      try {
        runFile(file);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("file iteration " + i, e);
      }
    }
  }

  private static void runFile(byte[] file) throws IOException {
    PcapDecodeCounters c = new PcapDecodeCounters();
    List<TcpSegment> segments = new ArrayList<>();
    try (PcapReader reader = new PcapReader(new ByteArrayInputStream(file))) {
      for (int errors = 0; errors < 10_000; ) {
        Packet p;
        try {
          p = reader.next();
        } catch (PcapFormatException e) {
          assertThat(e.reason()).isNotBlank();
          errors++;
          if (e.isFatal()) {
            break;
          }
          continue;
        }
        if (p == null) {
          break;
        }
        assertThat(p.data.length).isLessThanOrEqualTo(PcapLimits.MAX_PACKET_BYTES);
        PacketDecodeResult d = PacketDecoder.decode(p, "fuzz");
        if (d.segment() != null) {
          segments.add(d.segment());
        }
      }
    }
    checkedFlows(segments, c);
  }

  @Test
  void mutatedPacketsNeverThrow() {
    Random r = new Random(445L);
    int[] linkTypes = {1, 1, 1, 113, 276, 101, 228, 229};
    for (int i = 0; i < 20_000; i++) {
      Packet p = PACKETS.get(r.nextInt(PACKETS.size()));
      byte[] data = mutate(r, p.data, 80);
      int linkType = r.nextInt(4) == 0 ? linkTypes[r.nextInt(linkTypes.length)] : 1;
      try {
        PacketDecodeResult d = PacketDecoder.decode(new Packet(i, 0, linkType, 0, data), "fuzz");
        assertThat(d.segment() == null).isEqualTo(d.reason() != null);
        if (d.segment() != null) {
          assertThat(d.segment().payload.length).isLessThanOrEqualTo(data.length);
        }
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("packet iteration " + i, e);
      }
    }
  }

  @Test
  void mutatedSegmentStreamsNeverThrowAndStayBounded() {
    List<TcpSegment> real = Captures.segments(REAL, "fuzz", new PcapDecodeCounters());
    real.removeIf(s -> s.srcPort != 445 && s.dstPort != 445);
    Random r = new Random(62782L);
    for (int i = 0; i < 3000; i++) {
      List<TcpSegment> segments = new ArrayList<>();
      for (TcpSegment s : real) {
        int dice = r.nextInt(20);
        if (dice == 0) {
          continue; // lost
        }
        TcpSegment m = copy(s);
        if (dice == 1) {
          m.payload = mutate(r, m.payload, 160);
        } else if (dice == 2) {
          m.seq = (m.seq + r.nextInt(4000) - 2000) & 0xffffffffL;
        } else if (dice == 3) {
          m.flags = r.nextInt(64);
        } else if (dice == 4) {
          m.missingBytes = r.nextInt(70_000);
        }
        segments.add(m);
        if (dice == 5) {
          segments.add(copy(m)); // duplicated
        }
      }
      if (r.nextBoolean() && segments.size() > 2) {
        int a = r.nextInt(segments.size());
        int b = r.nextInt(segments.size());
        TcpSegment t = segments.get(a);
        segments.set(a, segments.get(b));
        segments.set(b, t);
      }
      try {
        processInOrder(segments, new PcapDecodeCounters());
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("segment iteration " + i, e);
      }
    }
  }

  @Test
  void mutatedSmbMessagesNeverThrowAndTablesStayBounded() {
    List<SmbMessage> messages = realMessages();
    messages.addAll(syntheticMessages());
    messages.addAll(messagesOf(SAMBA, 257));
    messages.addAll(messagesOf(IMPACKET, 209));
    messages.addAll(messagesOf(IMPACKET_SMB1, 204));
    Random r = new Random(11776L);
    for (int i = 0; i < 4000; i++) {
      Smb2ConnectionState st = new Smb2ConnectionState();
      PcapDecodeCounters c = new PcapDecodeCounters();
      List<SmbFlow> out = new ArrayList<>();
      try {
        for (SmbMessage m : messages) {
          SmbMessage x = copy(m);
          if (r.nextInt(3) == 0) {
            x.data = mutate(r, x.data, 160);
            x.length = r.nextInt(4) == 0 ? r.nextInt(1 << 17) : Math.max(x.data.length, x.length);
          }
          SmbMessageDecoder.decode(st, x, c, out);
          assertTablesBounded(st);
        }
        assertRecordsBounded(out);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("message iteration " + i, e);
      }
    }
  }

  @Test
  void randomBytesNeverThrow() {
    Random r = new Random(139L);
    for (int i = 0; i < 5000; i++) {
      byte[] junk = new byte[r.nextInt(600)];
      r.nextBytes(junk);
      if (junk.length > 8 && r.nextBoolean()) {
        junk[0] = 0; // a NetBIOS session header and an SMB protocol id
        junk[4] = (byte) (0xfc + r.nextInt(4));
        junk[5] = 'S';
        junk[6] = 'M';
        junk[7] = 'B';
      }
      try {
        PacketDecoder.decode(new Packet(i, 0, 1 + r.nextInt(300), 0, junk), "fuzz");
        try {
          new PcapReader(new ByteArrayInputStream(junk)).next();
        } catch (PcapFormatException expected) {
          assertThat(expected.reason()).isNotBlank();
        }
        Smb2Builder.Conversation conv = new Smb2Builder.Conversation().handshake();
        conv.send(r.nextInt(2), junk, 1 + r.nextInt(200));
        processInOrder(conv.segments, new PcapDecodeCounters());
        byte[] smb = Arrays.copyOfRange(junk, Math.min(4, junk.length), junk.length);
        SmbMessageDecoder.decode(
            new Smb2ConnectionState(),
            Smb2Builder.smbMessage(smb, r.nextInt(2), i),
            new PcapDecodeCounters(),
            new ArrayList<>());
      } catch (RuntimeException | IOException | AssertionError e) {
        throw new AssertionError("random iteration " + i, e);
      }
    }
  }

  /** The keyed path with bounds checked after every segment. */
  private static List<SmbFlow> checkedFlows(List<TcpSegment> segments, PcapDecodeCounters c) {
    java.util.Map<String, List<TcpSegment>> byKey = new java.util.LinkedHashMap<>();
    for (TcpSegment s : segments) {
      byKey.computeIfAbsent(s.connectionKey, k -> new ArrayList<>()).add(s);
    }
    List<SmbFlow> out = new ArrayList<>();
    for (List<TcpSegment> connection : byKey.values()) {
      out.addAll(processInOrder(connection, c));
    }
    return out;
  }

  private static List<SmbFlow> processInOrder(List<TcpSegment> segments, PcapDecodeCounters c) {
    SmbConnectionState state = new SmbConnectionState();
    List<SmbFlow> out = new ArrayList<>();
    for (TcpSegment s : segments) {
      SmbConnectionProcessor.onSegment(state, s, c, out);
      SmbStreamsTest.assertBounded(state.stream);
      assertTablesBounded(state.smb);
    }
    SmbConnectionProcessor.close(state, c, out);
    assertRecordsBounded(out);
    return out;
  }

  private static void assertTablesBounded(Smb2ConnectionState st) {
    assertThat(st.treeCount).isLessThanOrEqualTo(PcapLimits.MAX_TABLE_ENTRIES);
    assertThat(st.fileCount).isLessThanOrEqualTo(PcapLimits.MAX_TABLE_ENTRIES);
    assertThat(st.pendingCount).isLessThanOrEqualTo(PcapLimits.MAX_TABLE_ENTRIES);
    assertThat(st.sessionCount).isLessThanOrEqualTo(PcapLimits.MAX_TABLE_ENTRIES);
    for (int i = 0; i < st.sessionCount; i++) {
      assertThat(st.sessions[i].user.length()).isLessThanOrEqualTo(PcapLimits.MAX_NAME_CHARS);
    }
    for (int i = 0; i < st.pendingCount; i++) {
      String name = st.pending[i].name;
      assertThat(name == null ? 0 : name.length()).isLessThanOrEqualTo(PcapLimits.MAX_NAME_CHARS);
    }
  }

  private static void assertRecordsBounded(List<SmbFlow> flows) {
    for (SmbFlow f : flows) {
      FlowRecord r = f.record;
      int longest = 2 * PcapLimits.MAX_NAME_CHARS + 1;
      assertThat(r.fileName == null ? 0 : r.fileName.length()).isLessThanOrEqualTo(longest);
      assertThat(r.share == null ? 0 : r.share.length()).isLessThanOrEqualTo(longest);
      assertThat(r.protocol).isNotNull();
      assertThat(r.dstPort).isNotNull();
    }
  }

  private static List<SmbMessage> realMessages() {
    return messagesOf(REAL, 54);
  }

  private static List<SmbMessage> messagesOf(byte[] capture, int expected) {
    List<TcpSegment> real = Captures.segments(capture, "fuzz", new PcapDecodeCounters());
    real.removeIf(s -> s.srcPort != 445 && s.dstPort != 445);
    java.util.Map<String, SmbStreamState> states = new java.util.HashMap<>();
    List<SmbMessage> out = new ArrayList<>();
    for (TcpSegment s : real) {
      SmbStreams.onSegment(
          states.computeIfAbsent(s.connectionKey, k -> new SmbStreamState()),
          s,
          new PcapDecodeCounters(),
          out);
    }
    assertThat(out).hasSize(expected);
    return out;
  }

  private static List<SmbMessage> syntheticMessages() {
    List<SmbMessage> out = new ArrayList<>();
    byte[][] client = {
      Smb2Builder.treeConnectRequest(100, "\\\\srv\\IPC$"),
      Smb2Builder.createRequest(101, 9, "svcctl"),
      Smb2Builder.ioctlRequest(102, 9, 0x0011C017L, 0x40, 0x41, 120),
      Smb2Builder.compound(
          Smb2Builder.createRequest(103, 9, "x"),
          Smb2Builder.related(Smb2Builder.writeRequest(104, 9, -1, -1, 10, 10)),
          Smb2Builder.related(Smb2Builder.closeRequest(105, 9, -1, -1))),
    };
    byte[][] server = {
      Smb2Builder.treeConnectResponse(100, 9, 2, 0),
      Smb2Builder.createResponse(101, 9, 0x40, 0x41, 0),
      Smb2Builder.createResponse(103, 9, 0x50, 0x51, 0),
    };
    for (byte[] b : client) {
      out.add(Smb2Builder.smbMessage(b, 0, out.size()));
    }
    for (byte[] b : server) {
      out.add(Smb2Builder.smbMessage(b, 1, out.size()));
    }
    return out;
  }

  private static TcpSegment copy(TcpSegment s) {
    TcpSegment t = new TcpSegment();
    t.source = s.source;
    t.packetIndex = s.packetIndex;
    t.timestampMicros = s.timestampMicros;
    t.srcIp = s.srcIp;
    t.srcPort = s.srcPort;
    t.dstIp = s.dstIp;
    t.dstPort = s.dstPort;
    t.seq = s.seq;
    t.ack = s.ack;
    t.flags = s.flags;
    t.payload = s.payload;
    t.missingBytes = s.missingBytes;
    t.connectionKey = s.connectionKey;
    t.direction = s.direction;
    return t;
  }

  private static SmbMessage copy(SmbMessage m) {
    SmbMessage x = new SmbMessage();
    x.connectionKey = m.connectionKey;
    x.direction = m.direction;
    x.srcIp = m.srcIp;
    x.srcPort = m.srcPort;
    x.dstIp = m.dstIp;
    x.dstPort = m.dstPort;
    x.clientDirection = m.clientDirection;
    x.generation = m.generation;
    x.source = m.source;
    x.packetIndex = m.packetIndex;
    x.timestampMicros = m.timestampMicros;
    x.data = m.data;
    x.length = m.length;
    return x;
  }
}
