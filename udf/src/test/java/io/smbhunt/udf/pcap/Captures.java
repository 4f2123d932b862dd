package io.smbhunt.udf.pcap;

import io.smbhunt.udf.flow.FlowRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test helpers: the bundled real capture, writers for pcap and pcapng files, and the job's keyed
 * path simulated in memory (group segments by connection, sort by time, feed, close).
 */
final class Captures {

  static final Path REAL_CAPTURE =
      Path.of("../samples/security-datasets/covenant_copy_smb_CreateRequest_2020-09-22145302.cap");
  static final String SOURCE = "covenant.cap";

  /** Records in a stable order for list comparison. */
  static final Comparator<FlowRecord> ORDER =
      Comparator.comparing((FlowRecord f) -> f.timestamp)
          .thenComparing(f -> f.connectionId)
          .thenComparing(f -> f.action)
          .thenComparing(f -> f.source)
          .thenComparingLong(f -> f.line);

  private Captures() {}

  /** How many records of {@code protocol} there are per pipe name. */
  static Map<String, Integer> perPipe(List<FlowRecord> records, String protocol) {
    Map<String, Integer> out = new TreeMap<>();
    for (FlowRecord f : records) {
      if (f.protocol.equals(protocol)) {
        out.merge(f.pipeName, 1, Integer::sum);
      }
    }
    return out;
  }

  static byte[] realCaptureBytes() {
    return read(REAL_CAPTURE);
  }

  /** A capture file's bytes. */
  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every packet of a capture file; fails the test on any format error. */
  static List<Packet> packets(byte[] file) {
    List<Packet> out = new ArrayList<>();
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(file))) {
      for (Packet p = r.next(); p != null; p = r.next()) {
        out.add(p);
      }
    } catch (IOException | PcapFormatException e) {
      throw new AssertionError("capture does not read cleanly", e);
    }
    return out;
  }

  static List<TcpSegment> segments(byte[] file, String source, PcapDecodeCounters c) {
    List<TcpSegment> out = new ArrayList<>();
    try {
      PcapSegments.read(new ByteArrayInputStream(file), source, c, out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * What the keyed job does: group by connection key, sort each connection's segments by timestamp
   * then packet index, feed them, close each connection at the end of input.
   */
  static List<SmbFlow> flows(List<TcpSegment> segments, PcapDecodeCounters c) {
    Map<String, List<TcpSegment>> byConnection = new LinkedHashMap<>();
    for (TcpSegment s : segments) {
      byConnection.computeIfAbsent(s.connectionKey, k -> new ArrayList<>()).add(s);
    }
    List<SmbFlow> out = new ArrayList<>();
    for (List<TcpSegment> connection : byConnection.values()) {
      connection.sort(
          Comparator.comparingLong((TcpSegment s) -> s.timestampMicros)
              .thenComparingLong(s -> s.packetIndex));
      SmbConnectionState state = new SmbConnectionState();
      for (TcpSegment s : connection) {
        SmbConnectionProcessor.onSegment(state, s, c, out);
      }
      SmbConnectionProcessor.close(state, c, out);
    }
    return out;
  }

  static List<FlowRecord> records(List<SmbFlow> flows) {
    List<FlowRecord> out = new ArrayList<>();
    for (SmbFlow f : flows) {
      out.add(f.record);
    }
    out.sort(ORDER);
    return out;
  }

  static List<FlowRecord> decode(byte[] file, String source, PcapDecodeCounters c) {
    return records(flows(segments(file, source, c), c));
  }

  /** A capture file decoded as the job does; {@code c} gets its counts. */
  static List<FlowRecord> decode(Path file, String source, PcapDecodeCounters c) {
    return decode(read(file), source, c);
  }

  /** A classic pcap file of these packets. */
  static byte[] writePcap(List<Packet> packets, int linkType, boolean littleEndian, boolean nanos) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteOrder order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    ByteBuffer h = ByteBuffer.allocate(24).order(order);
    h.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4);
    h.putInt(0).putInt(0).putInt(262144).putInt(linkType);
    out.writeBytes(h.array());
    for (Packet p : packets) {
      ByteBuffer r = ByteBuffer.allocate(16).order(order);
      long seconds = Math.floorDiv(p.timestampMicros, 1_000_000L);
      long micros = Math.floorMod(p.timestampMicros, 1_000_000L);
      r.putInt((int) seconds).putInt((int) (nanos ? micros * 1000 : micros));
      r.putInt(p.data.length).putInt((int) Math.max(p.originalLength, p.data.length));
      out.writeBytes(r.array());
      out.writeBytes(p.data);
    }
    return out.toByteArray();
  }

  /** Builds pcapng files block by block. */
  static final class PcapNgWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    PcapNgWriter(boolean littleEndian) {
      section(littleEndian);
    }

    /** Starts a new section (which forgets all interfaces) in the given byte order. */
    PcapNgWriter section(boolean littleEndian) {
      order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      ByteBuffer b = body(16);
      b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
      return block(0x0A0D0D0A, b.array());
    }

    /** An interface; {@code tsresol} as the option byte (6 = µs, 9 = ns), -1 for none. */
    PcapNgWriter iface(int linkType, int snapLength, int tsresol) {
      ByteBuffer b = body(tsresol < 0 ? 12 : 24);
      b.putShort((short) linkType).putShort((short) 0).putInt(snapLength);
      if (tsresol >= 0) {
        b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        b.putShort((short) 0).putShort((short) 0);
      } else {
        b.putShort((short) 0).putShort((short) 0);
      }
      return block(1, b.array());
    }

    /** An Enhanced Packet Block; {@code units} is the timestamp in the interface's resolution. */
    PcapNgWriter packet(int iface, long units, byte[] data) {
      int padded = (data.length + 3) & ~3;
      ByteBuffer b = body(20 + padded);
      b.putInt(iface).putInt((int) (units >>> 32)).putInt((int) units);
      b.putInt(data.length).putInt(data.length).put(data);
      return block(6, b.array());
    }

    PcapNgWriter simplePacket(byte[] data) {
      int padded = (data.length + 3) & ~3;
      ByteBuffer b = body(4 + padded);
      b.putInt(data.length).put(data);
      return block(3, b.array());
    }

    /** A block of any type with an opaque body (statistics, custom …). */
    PcapNgWriter opaque(int type, int bodyLength) {
      return block(type, new byte[(bodyLength + 3) & ~3]);
    }

    private ByteBuffer body(int n) {
      return ByteBuffer.allocate(n).order(order);
    }

    private PcapNgWriter block(int type, byte[] body) {
      ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(order);
      b.putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length);
      out.writeBytes(b.array());
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
