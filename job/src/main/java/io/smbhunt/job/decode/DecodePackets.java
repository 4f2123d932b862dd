package io.smbhunt.job.decode;

import io.smbhunt.job.read.CapturedPacket;
import io.smbhunt.job.read.ContextFiles;
import io.smbhunt.udf.pcap.Packet;
import io.smbhunt.udf.pcap.PacketDecodeResult;
import io.smbhunt.udf.pcap.PacketDecoder;
import io.smbhunt.udf.pcap.SmbStreams;
import io.smbhunt.udf.pcap.TcpSegment;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Captured packets to the TCP segments of SMB connections (port 445 or 139 on either side). Every
 * packet is counted — used, or why not ({@code pcap.not_tcp}, {@code pcap.ip_fragment} …) — and a
 * capture file that cannot be read on is quarantined where it broke, unless it is a context file
 * ({@link ContextFiles}: the hunt of its own day quarantined it). Context packets are decoded and
 * counted like the others: {@code pcap.*} counts every packet the job read.
 */
public class DecodePackets extends ProcessFunction<CapturedPacket, TcpSegment>
    implements CheckpointedFunction {

  public static final TypeInformation<TcpSegment> SEGMENT_TYPE =
      TypeInformation.of(TcpSegment.class);

  private final ContextFiles context;

  private transient CheckpointedCounters counters;
  private transient CheckpointedCounters.Counter packets;
  private transient CheckpointedCounters.Counter smbSegments;

  public DecodePackets() {
    this(ContextFiles.NONE);
  }

  /**
   * @param context the files read only as context, whose broken records are not quarantined
   */
  public DecodePackets(ContextFiles context) {
    this.context = context;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    counters = new CheckpointedCounters(getRuntimeContext());
    counters.initialize(context, "packet-counters");
    packets = counters.counter(RunCounters.PCAP_PREFIX + "packets");
    smbSegments = counters.counter(RunCounters.PCAP_PREFIX + "smb_segments");
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    counters.snapshot(context);
  }

  @Override
  public void processElement(CapturedPacket p, Context ctx, Collector<TcpSegment> out) {
    if (p.readError != null) {
      counters.add(RunCounters.PCAP_PREFIX + p.readError, 1L);
      if (context.isContext(p.source)) {
        return;
      }
      counters.add(RunCounters.CAPTURE_QUARANTINED_PREFIX + p.readError, 1L);
      ctx.output(
          DecodeRecords.QUARANTINE,
          new QuarantineRecord(p.source, p.index, p.readError, p.readErrorDetail, "", 0));
      return;
    }
    packets.add(1L);
    Packet packet = new Packet(p.index, p.timestampMicros, p.linkType, p.originalLength, p.data);
    PacketDecodeResult r = PacketDecoder.decode(packet, p.source);
    TcpSegment segment = r.segment();
    if (segment == null) {
      counters.add(RunCounters.PCAP_PREFIX + r.reason(), 1L);
      return;
    }
    if (!SmbStreams.isSmbPort(segment.srcPort) && !SmbStreams.isSmbPort(segment.dstPort)) {
      counters.add(RunCounters.PCAP_PREFIX + "not_smb_port", 1L);
      return;
    }
    smbSegments.add(1L);
    out.collect(segment);
  }
}
