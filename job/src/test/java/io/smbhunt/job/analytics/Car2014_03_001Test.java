package io.smbhunt.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.PipeNames;
import io.smbhunt.udf.flow.SmbProtocols;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a pipe write is ranked from its pipe and its RPC interface, whichever of the two the sensor
 * logged: the pcap decoder and Zeek name the pipe, Suricata's DCE/RPC records only the interface.
 * The same write must get the same severity from every sensor.
 */
class Car2014_03_001Test {

  private final Car2014_03_001 analytic =
      new Car2014_03_001(new SmbHuntConfig().namedPipes(), false);

  @ParameterizedTest(name = "pipe {0}, interface {1} -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        // Only the pipe (pcap, Zeek smb_files).
        "srvsvc, -, low, srvsvc",
        "lsarpc, -, high, lsarpc",
        "'\\cobalt_status_4211', -, medium, cobalt_status_4211",
        // Only the interface (Suricata): ranked by it alone, no pipe reported.
        "-, srvsvc, low, -",
        "-, lsarpc, high, -",
        "-, svcctl, high, -",
        // Neither: an unknown pipe.
        "-, -, medium, -",
        // Both (Zeek dce_rpc: svcctl answers on \pipe\ntsvcs): the graver of the two.
        "'\\pipe\\ntsvcs', svcctl, high, ntsvcs",
        "winreg, srvsvc, high, winreg",
      })
  void ranksByPipeAndInterface(
      String pipe, String rpcEndpoint, String severity, String reportedPipe) {
    List<Detection> rows = run(pipeWrite(pipe, rpcEndpoint));

    assertThat(rows).singleElement().satisfies(d -> assertThat(d.severity).isEqualTo(severity));
    assertThat(rows.get(0).target).isEqualTo(reportedPipe);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {"spoolss, -", "-, spoolss"})
  void anAllowListedPipeOrInterfaceIsSuppressed(String pipe, String rpcEndpoint) {
    assertThat(run(pipeWrite(pipe, rpcEndpoint))).isEmpty();
  }

  @ParameterizedTest(name = "{0} opens {1} -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        // Sensors that never log writes to pipes without DCE/RPC: the open stands in.
        "suricata, PSEXESVC-WS6-4312-stdin, high",
        "suricata, RemCom_communicaton, high",
        "zeek, '\\RemCom_stdin12', high",
        "suricata, '\\cobalt_status_4211', medium",
        // RPC pipes: their logged calls are the rows; an open adds none.
        "suricata, svcctl, -",
        "zeek, '\\srvsvc', -",
        // A capture's decoder logs every write; the CAR flow form is taken as it is.
        "pcap, PSEXESVC-WS6-4312-stdin, -",
        "car, PSEXESVC-WS6-4312-stdin, -",
      })
  void aPipeOpenStandsInWhereTheSensorLogsNoWritesToIt(
      String sensor, String pipe, String severity) {
    FlowRecord open = pipeWrite(pipe, null);
    open.protocol = SmbProtocols.CREATE_PIPE;
    open.sensor = sensor;
    open.pipeName = PipeNames.normalize(pipe);
    List<Detection> rows = run(open);
    if (severity == null) {
      assertThat(rows).isEmpty();
    } else {
      assertThat(rows).singleElement().satisfies(d -> assertThat(d.severity).isEqualTo(severity));
      assertThat(rows.get(0).target).isEqualTo(open.pipeName);
      assertThat(rows.get(0).detail).isEqualTo(Car2014_03_001.OPEN_STANDS_IN);
    }
  }

  private List<Detection> run(FlowRecord flow) {
    List<Detection> out = new ArrayList<>();
    analytic.flatMap(
        flow,
        new Collector<>() {
          @Override
          public void collect(Detection d) {
            out.add(d);
          }

          @Override
          public void close() {}
        });
    return out;
  }

  private static FlowRecord pipeWrite(String pipe, String rpcEndpoint) {
    FlowRecord f = new FlowRecord();
    f.source = "eve.json";
    f.line = 7;
    f.timestamp = 1_600_800_810_894L;
    f.srcIp = "172.18.39.5";
    f.srcPort = 62782;
    f.dstIp = "172.18.39.6";
    f.dstPort = 445;
    f.protocol = SmbProtocols.WRITE_PIPE;
    f.pipeNameRaw = pipe;
    f.rpcEndpoint = rpcEndpoint;
    f.share = "\\\\WORKSTATION6\\IPC$";
    return f;
  }
}
