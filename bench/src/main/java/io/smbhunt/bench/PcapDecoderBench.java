package io.smbhunt.bench;

import io.smbhunt.udf.pcap.PcapDecodeCounters;
import io.smbhunt.udf.pcap.PcapReasons;
import io.smbhunt.udf.pcap.PcapSegments;
import io.smbhunt.udf.pcap.SmbConnectionProcessor;
import io.smbhunt.udf.pcap.SmbConnectionState;
import io.smbhunt.udf.pcap.SmbFlow;
import io.smbhunt.udf.pcap.SmbStreams;
import io.smbhunt.udf.pcap.TcpSegment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pcap path of {@code io.smbhunt.udf.pcap} on the real Security-Datasets capture (Covenant
 * copying GruntHTTP.exe to WORKSTATION6's C$: 177 packets, 73 KB), in the two stages the job runs
 * on either side of its keyBy:
 *
 * <ol>
 *   <li>{@link #readAndDecodePackets}: the file source's work, {@link PcapSegments#read} — pcap
 *       records → {@link io.smbhunt.udf.pcap.Packet}s → {@link TcpSegment}s, every packet counted.
 *       One operation is the whole capture; {@code :packets} and {@code :bytes} are packets/s and
 *       capture-file bytes/s.
 *   <li>{@link #reassembleAndDecodeSmb}: the keyed function's work, {@link SmbConnectionProcessor}
 *       — TCP reassembly, NetBIOS framing, SMB2 decoding into flow records — over the capture's SMB
 *       connections (port 445/139), each connection's segments in (timestamp, packet index) order
 *       and closed at the end, from a fresh {@link SmbConnectionState} every operation (as a new
 *       connection starts with empty state). One operation is all SMB connections; {@code
 *       :segments} and {@code :bytes} are segments/s and TCP payload bytes/s.
 * </ol>
 *
 * <p>The capture is small, so one operation is one pass over it rather than one packet: per packet
 * and per byte figures come from the secondary metrics, which count what each pass processed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PcapDecoderBench {

  private static final String SOURCE = "covenant_copy_smb_CreateRequest_2020-09-22145302.cap";

  /** Packets and file bytes read: {@code :packets} and {@code :bytes} per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class PacketVolume {
    public long packets;
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      packets = 0;
      bytes = 0;
    }
  }

  /** Segments and payload bytes reassembled: {@code :segments} and {@code :bytes} per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class SegmentVolume {
    public long segments;
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      segments = 0;
      bytes = 0;
    }
  }

  private byte[] capture;

  /** The SMB connections' segments, per connection in the order the keyed job feeds them. */
  private TcpSegment[][] connections;

  private int smbSegments;
  private long smbPayloadBytes;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    capture = Samples.read(Samples.file(Samples.CAPTURE));
    PcapDecodeCounters c = new PcapDecodeCounters();
    List<TcpSegment> segments = new ArrayList<>();
    PcapSegments.read(new ByteArrayInputStream(capture), SOURCE, c, segments::add);
    if (c.get(PcapReasons.PACKETS) == 0 || segments.isEmpty()) {
      throw new IllegalStateException(SOURCE + " gave no TCP segment: " + c);
    }

    // What the job does between the stages: keep SMB ports, key by connection, sort by time.
    Map<String, List<TcpSegment>> byConnection = new LinkedHashMap<>();
    for (TcpSegment s : segments) {
      if (SmbStreams.isSmbPort(s.srcPort) || SmbStreams.isSmbPort(s.dstPort)) {
        byConnection.computeIfAbsent(s.connectionKey, k -> new ArrayList<>()).add(s);
        smbSegments++;
        smbPayloadBytes += s.payload.length;
      }
    }
    Comparator<TcpSegment> order =
        Comparator.comparingLong((TcpSegment s) -> s.timestampMicros)
            .thenComparingLong(s -> s.packetIndex);
    connections = new TcpSegment[byConnection.size()][];
    int k = 0;
    for (List<TcpSegment> connection : byConnection.values()) {
      connection.sort(order);
      connections[k++] = connection.toArray(new TcpSegment[0]);
    }

    // Two passes must agree: reassembly keeps references to segment payloads, so a pass that
    // changed its input would make every later operation measure something else.
    PcapDecodeCounters first = new PcapDecodeCounters();
    int flows = smb(first).size();
    PcapDecodeCounters second = new PcapDecodeCounters();
    smb(second);
    if (flows == 0 || !first.asMap().equals(second.asMap())) {
      throw new IllegalStateException(
          "SMB decoding is empty or not repeatable: " + first + " then " + second);
    }
  }

  private List<SmbFlow> smb(PcapDecodeCounters c) {
    List<SmbFlow> out = new ArrayList<>();
    for (TcpSegment[] connection : connections) {
      SmbConnectionState state = new SmbConnectionState();
      for (TcpSegment s : connection) {
        SmbConnectionProcessor.onSegment(state, s, c, out);
      }
      SmbConnectionProcessor.close(state, c, out);
    }
    return out;
  }

  @Benchmark
  public PcapDecodeCounters readAndDecodePackets(PacketVolume v, Blackhole bh) throws IOException {
    // Fresh counters per pass, as per file in the source: their updates are part of the cost.
    PcapDecodeCounters c = new PcapDecodeCounters();
    v.packets += PcapSegments.read(new ByteArrayInputStream(capture), SOURCE, c, bh::consume);
    v.bytes += capture.length;
    return c;
  }

  @Benchmark
  public List<SmbFlow> reassembleAndDecodeSmb(SegmentVolume v) {
    List<SmbFlow> flows = smb(new PcapDecodeCounters());
    v.segments += smbSegments;
    v.bytes += smbPayloadBytes;
    return flows;
  }
}
