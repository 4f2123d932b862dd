package io.smbhunt.udf.pcap;

import java.util.Arrays;
import java.util.List;

/**
 * TCP reassembly for SMB: per connection and direction, puts segments in sequence order and hands
 * the byte stream to NetBIOS framing, which yields complete {@link SmbMessage}s. Pure functions
 * over {@link SmbStreamState}, which the keyed job keeps per {@link TcpSegment#connectionKey}.
 *
 * <ul>
 *   <li>Retransmissions (and a second sensor's copy of the same segment): bytes already framed are
 *       dropped, new bytes in a partly-new segment are kept.
 *   <li>Out-of-order segments wait, up to {@link PcapLimits#MAX_OUT_OF_ORDER_SEGMENTS} segments or
 *       {@link PcapLimits#MAX_OUT_OF_ORDER_BYTES} bytes; past that, or on FIN, RST or {@link
 *       #close}, the hole is given up on ({@link PcapReasons#TCP_GAP}). The wait is bounded by
 *       volume rather than by time because BATCH and STREAMING runs must decide alike.
 *   <li>A gap loses at most the message it falls into, and not even that when it falls into the
 *       unkept tail of a large message (WRITE data): framing then continues without a search.
 *       Otherwise framing resynchronises on the next SMB header.
 *   <li>A direction first seen without its SYN (a capture started mid-connection, or a file of a
 *       rotated capture read alone) starts by searching for an SMB header.
 * </ul>
 *
 * <p>Segments must be fed in capture order per connection (timestamp, then packet index): that is
 * what keying by connection and sorting by event time gives.
 */
public final class SmbStreams {

  private static final long SEQ_MASK = 0xffffffffL;

  private SmbStreams() {}

  /** Whether {@code port} is an SMB server port (445 direct, 139 NetBIOS session service). */
  public static boolean isSmbPort(int port) {
    return port == 445 || port == 139;
  }

  /**
   * Feeds one segment of the connection {@code st} is for; complete messages are added to {@code
   * out} in the order they complete.
   */
  public static void onSegment(
      SmbStreamState st, TcpSegment seg, PcapDecodeCounters c, List<SmbMessage> out) {
    if (st.connectionKey == null) {
      init(st, seg);
    }
    st.lastSeenMicros = Math.max(st.lastSeenMicros, seg.timestampMicros);
    int dir = seg.direction & 1;
    SmbDirectionState d = direction(st, dir);
    long dataSeq = seg.seq & SEQ_MASK;
    if (seg.has(TcpSegment.SYN)) {
      if (d.seqKnown && !(d.synSeen && d.isn == dataSeq)) {
        // A new SYN on a known key: the port pair was reused for a new connection.
        c.increment(PcapReasons.TCP_CONNECTION_REUSED);
        close(st, c, out);
        reset(st);
        d = direction(st, dir);
      }
      if (!d.seqKnown) {
        d.seqKnown = true;
        d.synSeen = true;
        d.isn = dataSeq;
        d.nextSeq = (dataSeq + 1) & SEQ_MASK;
        d.mode = SmbDirectionState.MODE_HEADER;
      }
      st.clientDirection = seg.has(TcpSegment.ACK) ? 1 - dir : dir;
      dataSeq = (dataSeq + 1) & SEQ_MASK;
    }
    byte[] payload = seg.payload == null ? new byte[0] : seg.payload;
    if (payload.length > 0 || seg.missingBytes > 0) {
      SmbChunk chunk = new SmbChunk();
      chunk.seq = dataSeq;
      chunk.data = payload;
      chunk.missingBytes = Math.max(0, seg.missingBytes);
      chunk.packetIndex = seg.packetIndex;
      chunk.timestampMicros = seg.timestampMicros;
      chunk.source = seg.source;
      data(st, dir, d, chunk, c, out);
    }
    if (seg.has(TcpSegment.RST)) {
      close(st, c, out);
    } else if (seg.has(TcpSegment.FIN)) {
      d.finSeen = true;
      flush(st, dir, c, out);
      st.closed = st.fromLower.finSeen && st.fromHigher.finSeen;
    }
  }

  /**
   * The connection is over (RST, idle timeout, end of input): gives up every hole, frames what was
   * buffered, counts unfinished messages as lost, and marks the state closed.
   */
  public static void close(SmbStreamState st, PcapDecodeCounters c, List<SmbMessage> out) {
    flush(st, 0, c, out);
    flush(st, 1, c, out);
    st.closed = true;
  }

  /** Bytes the state buffers: out-of-order payload, kept message prefixes, framing carry. */
  public static long bufferedBytes(SmbStreamState st) {
    return bufferedBytes(st.fromLower) + bufferedBytes(st.fromHigher);
  }

  private static long bufferedBytes(SmbDirectionState d) {
    long n = d.chunkBytes;
    n += d.message == null ? 0 : d.message.length;
    n += d.carry == null ? 0 : d.carry.length;
    n += d.header == null ? 0 : d.header.length;
    return n;
  }

  static SmbDirectionState direction(SmbStreamState st, int dir) {
    return dir == 0 ? st.fromLower : st.fromHigher;
  }

  private static void init(SmbStreamState st, TcpSegment seg) {
    st.connectionKey = seg.connectionKey;
    boolean fromLower = seg.direction == 0;
    st.lowerIp = fromLower ? seg.srcIp : seg.dstIp;
    st.lowerPort = fromLower ? seg.srcPort : seg.dstPort;
    st.higherIp = fromLower ? seg.dstIp : seg.srcIp;
    st.higherPort = fromLower ? seg.dstPort : seg.srcPort;
  }

  private static void reset(SmbStreamState st) {
    st.generation++;
    st.closed = false;
    st.clientDirection = -1;
    st.fromLower = new SmbDirectionState();
    st.fromHigher = new SmbDirectionState();
  }

  private static void data(
      SmbStreamState st,
      int dir,
      SmbDirectionState d,
      SmbChunk chunk,
      PcapDecodeCounters c,
      List<SmbMessage> out) {
    if (!d.seqKnown) {
      c.increment(PcapReasons.TCP_NO_HANDSHAKE);
      d.seqKnown = true;
      d.nextSeq = chunk.seq;
      d.mode = SmbDirectionState.MODE_RESYNC;
    }
    if (ahead(chunk.seq, d.nextSeq) > 0) {
      c.increment(PcapReasons.TCP_OUT_OF_ORDER);
      buffer(d, chunk, c);
      while (d.chunkCount > PcapLimits.MAX_OUT_OF_ORDER_SEGMENTS
          || d.chunkBytes > PcapLimits.MAX_OUT_OF_ORDER_BYTES) {
        skipGap(st, dir, d, c, out);
      }
      return;
    }
    consume(st, dir, d, chunk, c, out);
    drain(st, dir, d, c, out);
  }

  /** Frames the new bytes of a chunk that starts at or before the next expected byte. */
  private static void consume(
      SmbStreamState st,
      int dir,
      SmbDirectionState d,
      SmbChunk chunk,
      PcapDecodeCounters c,
      List<SmbMessage> out) {
    long skip = -ahead(chunk.seq, d.nextSeq);
    long total = (long) chunk.data.length + chunk.missingBytes;
    if (skip >= total) {
      c.increment(PcapReasons.TCP_RETRANSMISSION);
      return;
    }
    NetbiosFramer.Origin origin =
        new NetbiosFramer.Origin(chunk.packetIndex, chunk.timestampMicros, chunk.source);
    if (skip < chunk.data.length) {
      int n = chunk.data.length - (int) skip;
      NetbiosFramer.feed(st, dir, chunk.data, (int) skip, n, origin, c, out);
      d.nextSeq = (d.nextSeq + n) & SEQ_MASK;
      skip = 0;
    } else {
      skip -= chunk.data.length;
    }
    long missing = chunk.missingBytes - skip;
    if (missing > 0) {
      c.increment(PcapReasons.TCP_SNAPPED_PAYLOAD);
      NetbiosFramer.gap(st, dir, missing, origin, c, out);
      d.nextSeq = (d.nextSeq + missing) & SEQ_MASK;
    }
  }

  /** Frames buffered chunks that the next expected byte has reached. */
  private static void drain(
      SmbStreamState st, int dir, SmbDirectionState d, PcapDecodeCounters c, List<SmbMessage> out) {
    while (d.chunkCount > 0 && ahead(d.chunks[0].seq, d.nextSeq) <= 0) {
      SmbChunk first = removeFirst(d);
      consume(st, dir, d, first, c, out);
    }
  }

  /** Gives up the hole before the first buffered chunk. */
  private static void skipGap(
      SmbStreamState st, int dir, SmbDirectionState d, PcapDecodeCounters c, List<SmbMessage> out) {
    SmbChunk first = d.chunks[0];
    c.increment(PcapReasons.TCP_GAP);
    NetbiosFramer.Origin origin =
        new NetbiosFramer.Origin(first.packetIndex, first.timestampMicros, first.source);
    NetbiosFramer.gap(st, dir, ahead(first.seq, d.nextSeq), origin, c, out);
    d.nextSeq = first.seq;
    drain(st, dir, d, c, out);
  }

  private static void flush(
      SmbStreamState st, int dir, PcapDecodeCounters c, List<SmbMessage> out) {
    SmbDirectionState d = direction(st, dir);
    while (d.chunkCount > 0) {
      skipGap(st, dir, d, c, out);
    }
    NetbiosFramer.endOfStream(d, c);
    d.chunks = null;
  }

  /** Inserts a chunk by sequence order; of two chunks at one sequence number the longer stays. */
  private static void buffer(SmbDirectionState d, SmbChunk chunk, PcapDecodeCounters c) {
    long at = ahead(chunk.seq, d.nextSeq);
    int i = 0;
    while (i < d.chunkCount && ahead(d.chunks[i].seq, d.nextSeq) < at) {
      i++;
    }
    if (i < d.chunkCount && d.chunks[i].seq == chunk.seq) {
      if (d.chunks[i].data.length >= chunk.data.length) {
        c.increment(PcapReasons.TCP_RETRANSMISSION);
        return;
      }
      d.chunkBytes += chunk.data.length - d.chunks[i].data.length;
      d.chunks[i] = chunk;
      return;
    }
    if (d.chunks == null) {
      d.chunks = new SmbChunk[4];
    } else if (d.chunkCount == d.chunks.length) {
      int n = Math.min(d.chunks.length * 2, PcapLimits.MAX_OUT_OF_ORDER_SEGMENTS + 1);
      d.chunks = Arrays.copyOf(d.chunks, Math.max(n, d.chunkCount + 1));
    }
    System.arraycopy(d.chunks, i, d.chunks, i + 1, d.chunkCount - i);
    d.chunks[i] = chunk;
    d.chunkCount++;
    d.chunkBytes += chunk.data.length;
  }

  private static SmbChunk removeFirst(SmbDirectionState d) {
    SmbChunk first = d.chunks[0];
    System.arraycopy(d.chunks, 1, d.chunks, 0, d.chunkCount - 1);
    d.chunks[--d.chunkCount] = null;
    d.chunkBytes -= first.data.length;
    return first;
  }

  /** How far {@code seq} lies ahead of {@code next} in 32-bit sequence space (negative: behind). */
  private static long ahead(long seq, long next) {
    return (int) (seq - next);
  }
}
