package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SmbProtocols;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bundled Security-Datasets capture (Covenant copying GruntHTTP.exe to WORKSTATION6's C$)
 * decodes to exactly the records tshark's decode implies (fixture: see
 * src/test/resources/pcap/README.md).
 */
class RealCaptureTest {

  @Test
  void decodesExactlyWhatTsharkDecodes() {
    PcapDecodeCounters c = new PcapDecodeCounters();
    List<FlowRecord> actual = Captures.decode(Captures.realCaptureBytes(), Captures.SOURCE, c);

    List<FlowRecord> expected = TsharkOracle.expected(TsharkOracle.COVENANT, Captures.SOURCE);
    assertThat(expected).hasSize(6);
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void theWriteOfGruntHttpCarriesNameShareSizeAndClient() {
    List<FlowRecord> actual =
        Captures.decode(Captures.realCaptureBytes(), Captures.SOURCE, new PcapDecodeCounters());

    FlowRecord write = new FlowRecord();
    write.source = Captures.SOURCE;
    write.line = 125;
    write.timestamp = 1600800810894L; // 2020-09-22T18:53:30.894Z
    write.srcIp = "172.18.39.5";
    write.srcPort = 62782;
    write.dstIp = "172.18.39.6";
    write.dstPort = 445;
    write.protocol = SmbProtocols.WRITE;
    write.fileName = "ProgramData\\GruntHTTP.exe";
    write.share = "\\\\WORKSTATION6\\C$";
    write.shareType = "DISK";
    write.size = 11_776L;
    write.sensor = "pcap";
    write.connectionId = "172.18.39.5:62782-172.18.39.6:445";
    write.action = "SMB2_WRITE";
    assertThat(actual)
        .filteredOn(f -> f.protocol.equals(SmbProtocols.WRITE))
        .containsExactly(write);
    assertThat(actual)
        .extracting(f -> f.share)
        .containsExactly(
            "\\\\MORDORDC.theshire.local\\IPC$",
            "\\\\WORKSTATION6\\IPC$",
            "\\\\WORKSTATION6\\C$",
            "\\\\WORKSTATION6\\C$",
            "\\\\WORKSTATION6\\C$",
            "\\\\WORKSTATION6\\C$");
  }

  @Test
  void countsEveryPacketAndNothingIsLost() {
    PcapDecodeCounters c = new PcapDecodeCounters();
    List<TcpSegment> segments = Captures.segments(Captures.realCaptureBytes(), Captures.SOURCE, c);

    assertThat(c.get(PcapReasons.PACKETS)).isEqualTo(177);
    // 175 TCP packets and 2 UDP: packets read = segments + not_tcp.
    assertThat(c.get(PcapReasons.TCP_SEGMENTS)).isEqualTo(175);
    assertThat(c.get(PcapReasons.NOT_TCP)).isEqualTo(2);

    // Only the SMB connections, as the job keeps them.
    segments.removeIf(s -> !SmbStreams.isSmbPort(s.srcPort) && !SmbStreams.isSmbPort(s.dstPort));
    Captures.flows(segments, c);
    // 52 SMB2 frames (two of them compounds of two commands) and the 2 SMB1 NEGOTIATEs that open
    // the connections: 54 messages, 54 SMB2 commands.
    assertThat(c.get(PcapReasons.SMB_MESSAGES)).isEqualTo(54);
    assertThat(c.get(PcapReasons.SMB2_COMMANDS)).isEqualTo(54);
    assertThat(c.get(PcapReasons.FLOWS)).isEqualTo(6);
    assertThat(c.asMap())
        .containsOnlyKeys(
            PcapReasons.PACKETS,
            PcapReasons.TCP_SEGMENTS,
            PcapReasons.NOT_TCP,
            PcapReasons.SMB_MESSAGES,
            PcapReasons.SMB2_COMMANDS,
            PcapReasons.FLOWS);
  }

  @Test
  void nonSmbConnectionsAreCountedNotDecoded() {
    PcapDecodeCounters c = new PcapDecodeCounters();
    Captures.decode(Captures.realCaptureBytes(), Captures.SOURCE, c);

    // The C2 channel (HTTP, captured mid-connection) starts without a handshake in both
    // directions; Kerberos over TCP frames its messages with a 4-byte length that looks like a
    // NetBIOS header, and fails the SMB protocol check once per direction.
    assertThat(c.get(PcapReasons.TCP_NO_HANDSHAKE)).isEqualTo(2);
    assertThat(c.get(PcapReasons.NETBIOS_DESYNC)).isEqualTo(2);
    assertThat(c.get(PcapReasons.FLOWS)).isEqualTo(6);
  }
}
