package io.smbhunt.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.read.RecordFormat;
import io.smbhunt.job.testing.Pipelines;
import io.smbhunt.job.testing.TestClusters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MITRE CAR analytics through the whole pipeline on SMB flow records: the real Zeek logs of
 * WRCCDC 2018 (in both of Zeek's formats), a capture and Suricata's log of it, and hand-made
 * records of the other sensors.
 */
class CarAnalyticsTest {

  @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.withSlots(2);

  static final Path ZEEK_JSON =
      Path.of("../samples/zeek-wrccdc2018/zeek-json").toAbsolutePath().normalize();
  static final Path ZEEK_TSV =
      Path.of("../samples/zeek-wrccdc2018/zeek-default").toAbsolutePath().normalize();

  @TempDir Path tmp;

  /**
   * The real sample has no FILE_WRITE rows (Zeek's default logging leaves them out), but 67 DCE/RPC
   * calls over named pipes on port 445 — 12 to the task scheduler (\PIPE\atsvc) and 55 to the
   * service control manager (svcctl, which answers on \pipe\ntsvcs): PsExec-style service creation.
   * Each is a pipe write; both interfaces are watched, so all rank high. The 11 RPC calls over
   * plain TCP (named_pipe "135", "1030"…) are not SMB and give nothing.
   */
  @Test
  void realZeekDceRpcGivesOnePipeWritePerRpcCallOverSmb() throws Exception {
    Pipelines.Run json = run(List.of(ZEEK_JSON), Map.of());
    List<Detection> expected = expectedPipeWrites(ZEEK_JSON.resolve("dce_rpc.json.gz"));
    assertThat(expected).hasSize(67);
    assertThat(sorted(json.of("car_2014_03_001"))).containsExactlyElementsOf(expected);
    assertThat(json.of("car_2013_05_003")).isEmpty();
    assertThat(json.quarantine()).isEmpty();

    // Zeek's TSV form of the same logs gives the same rows, but for the evidence's file.
    Pipelines.Run tsv = run(List.of(ZEEK_TSV), Map.of());
    assertThat(withoutEvidence(tsv.of("car_2014_03_001")))
        .containsExactlyElementsOf(withoutEvidence(expected));
    assertThat(tsv.quarantine()).isEmpty();
  }

  @Test
  void smbWritesOfEverySensorBecomeCarWriteRows() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("sensors"));
    // Zeek with SMB::logged_file_actions including FILE_WRITE (values of a real smb_files row).
    Files.writeString(
        dir.resolve("smb_files.log"),
        "{\"ts\":\"2018-03-24T17:15:54.600639Z\",\"uid\":\"C6WWAQ2G8MqT1hrQHd\","
            + "\"id.orig_h\":\"10.128.0.214\",\"id.orig_p\":41717,\"id.resp_h\":\"10.47.8.142\","
            + "\"id.resp_p\":445,\"action\":\"SMB::FILE_WRITE\","
            + "\"path\":\"\\\\\\\\10.47.8.142\\\\ADMIN$\",\"name\":\"PSEXESVC.exe\",\"size\":381816}\n");
    // The CAR flow form itself, with the port as text as the CAR pseudocode has it.
    Files.writeString(
        dir.resolve("flows.car.json"),
        "{\"start_time\":\"2020-09-22T18:53:32.342Z\",\"src_ip\":\"172.18.39.5\","
            + "\"src_port\":62782,\"dest_ip\":\"172.18.39.6\",\"dest_port\":\"445\","
            + "\"protocol\":\"smb.write\",\"proto_info\":{\"file_name\":\"ProgramData\\\\GruntHTTP.exe\"}}\n"
            + "{\"start_time\":\"2020-09-22T18:53:33Z\",\"src_ip\":\"172.18.39.5\",\"src_port\":62783,"
            + "\"dest_ip\":\"172.18.39.6\",\"dest_port\":139,\"protocol\":\"smb.write\","
            + "\"proto_info\":{\"file_name\":\"other-port.exe\"}}\n");
    Pipelines.Run run = run(List.of(dir), Map.of());

    assertThat(sorted(run.of("car_2013_05_003")))
        .extracting(d -> d.eventTime, d -> d.srcIp, d -> d.dstIp, d -> d.dstPort, d -> d.target)
        .containsExactly(
            tuple(
                Instant.parse("2018-03-24T17:15:54.600Z").toEpochMilli(),
                "10.128.0.214",
                "10.47.8.142",
                445,
                "PSEXESVC.exe"),
            tuple(
                Instant.parse("2020-09-22T18:53:32.342Z").toEpochMilli(),
                "172.18.39.5",
                "172.18.39.6",
                445,
                "ProgramData\\GruntHTTP.exe"));
    assertThat(run.quarantine()).isEmpty();
  }

  /**
   * Each capture recorded here read as packets, and Suricata's eve.json of the same packets
   * (samples/README.md): the same writes and the same pipe calls with the same severity. Suricata
   * names a call's interface but not its pipe, so its rows carry no target; a row is ranked by the
   * interface alone then, as the capture's are by the pipe (here each interface has its own pipe).
   */
  @ParameterizedTest(name = "{0}, Suricata {1}")
  @MethodSource("capturesAndTheirPipeRows")
  void aCaptureAndSuricatasLogOfItGiveTheSameRows(
      String name,
      String suricataVersion,
      int writes,
      Map<Integer, List<String>> pipeRows,
      String suricataUser)
      throws Exception {
    Pipelines.Run capture = run(List.of(sample("samba-lab/" + name + ".pcap")), Map.of());
    Pipelines.Run suricata =
        run(List.of(sample("suricata/" + suricataVersion + "/" + name + ".eve.json")), Map.of());

    assertThat(writeRows(suricata)).isEqualTo(writeRows(capture)).hasSize(writes);
    assertThat(pipeRowsPerConnection(suricata))
        .isEqualTo(pipeRowsPerConnection(capture))
        .isEqualTo(pipeRows);
    assertThat(suricata.of("car_2014_03_001")).allMatch(d -> d.target == null);
    // Who: the NTLM sign-in of each row's session. Suricata logs it (ntlmssp.user) for Samba's
    // clients, and Suricata 6 for Impacket's SMB1 sign-in; 7 and 8 not for Impacket's, which the
    // capture decoder reads all the same.
    assertThat(capture.detections()).extracting(d -> d.user).containsOnly("pgustavo");
    assertThat(suricata.detections()).allMatch(d -> Objects.equals(d.user, suricataUser));
    assertThat(capture.quarantine()).isEmpty();
    assertThat(suricata.quarantine()).isEmpty();
  }

  /**
   * Per source port, the pipe rows by severity, worked out from tshark's listing of each. Not
   * Suricata 6 on Impacket's capture: it names few of those calls' interfaces (SensorsAgreeTest).
   */
  static Stream<Arguments> capturesAndTheirPipeRows() {
    Map<Integer, List<String>> lab =
        Map.of(
            43674, List.of("high x12", "low x4"), // lsarpc, samr; srvsvc
            43688, List.of("high x9"), // lsarpc, svcctl
            43690, List.of("high x14"), // lsarpc, winreg
            43716, List.of("low x2")); // srvsvc over SMB1
    Map<Integer, List<String>> impacket =
        Map.of(
            41024, List.of("high x4", "low x2"), // psexec: svcctl; srvsvc (the share list)
            41026, List.of("high x3"), // smbexec: svcctl
            41054, List.of("high x12"), // reg: winreg (and svcctl, RemoteRegistry's state)
            41066, List.of("high x5")); // services: svcctl
    Map<Integer, List<String>> impacketSmb1 =
        Map.of(
            44504, List.of("high x4", "low x2"), // the same calls over SMB1
            44520, List.of("high x3"),
            44540, List.of("high x12"),
            44556, List.of("high x5"));
    return Stream.of(
        Arguments.of("samba_lateral", "8.0.7", 3, lab, "pgustavo"),
        Arguments.of("samba_lateral", "7.0.10", 3, lab, "pgustavo"),
        Arguments.of("samba_lateral", "6.0.1", 3, lab, "pgustavo"),
        Arguments.of("impacket_psexec", "8.0.7", 1, impacket, null),
        Arguments.of("impacket_psexec", "7.0.10", 1, impacket, null),
        // Suricata 6 reads Impacket's SMB1 sign-in; 7 and 8 do not.
        Arguments.of("impacket_smb1", "8.0.7", 1, impacketSmb1, null),
        Arguments.of("impacket_smb1", "7.0.10", 1, impacketSmb1, null),
        Arguments.of("impacket_smb1", "6.0.1", 1, impacketSmb1, "pgustavo"));
  }

  private static Path sample(String path) {
    return Path.of("../samples/" + path).toAbsolutePath().normalize();
  }

  private static List<String> writeRows(Pipelines.Run run) {
    return run.of("car_2013_05_003").stream()
        .map(d -> d.srcIp + ":" + d.srcPort + " " + d.share + " " + d.target + " " + d.severity)
        .sorted()
        .toList();
  }

  /** Per source port, how many pipe-write rows of each severity. */
  private static Map<Integer, List<String>> pipeRowsPerConnection(Pipelines.Run run) {
    Map<Integer, Map<String, Long>> counts = new TreeMap<>();
    for (Detection d : run.of("car_2014_03_001")) {
      counts.computeIfAbsent(d.srcPort, p -> new TreeMap<>()).merge(d.severity, 1L, Long::sum);
    }
    Map<Integer, List<String>> out = new TreeMap<>();
    counts.forEach(
        (port, bySeverity) ->
            out.put(
                port,
                bySeverity.entrySet().stream()
                    .map(e -> e.getKey() + " x" + e.getValue())
                    .toList()));
    return out;
  }

  @Test
  void aFormatNamedOnTheCommandLineWinsOverRecognition() throws Exception {
    // A Zeek JSON log under a name that says nothing, without _path: recognised by its fields.
    Path file = tmp.resolve("export.txt");
    try (BufferedReader in = gunzip(ZEEK_JSON.resolve("dce_rpc.json.gz"))) {
      StringBuilder text = new StringBuilder();
      in.lines().forEach(l -> text.append(l.replace("\"_path\":\"dce_rpc\",", "")).append('\n'));
      Files.writeString(file, text);
    }
    Pipelines.Run forced = run(List.of(file), Map.of(file, RecordFormat.ZEEK_JSON));
    assertThat(forced.of("car_2014_03_001")).hasSize(67);

    // Named as Windows events, the same lines are quarantined, not silently dropped.
    Pipelines.Run wrong = run(List.of(file), Map.of(file, RecordFormat.WINDOWS_EVENTS));
    assertThat(wrong.of("car_2014_03_001")).isEmpty();
    assertThat(wrong.quarantine()).hasSize(78).allMatch(q -> q.reason.equals("missing_event_id"));
  }

  private Pipelines.Run run(List<Path> inputs, Map<Path, RecordFormat> formats) throws Exception {
    return Pipelines.run(
        inputs, formats, Profile.DEFAULT, new SmbHuntConfig(), RuntimeExecutionMode.BATCH, 2);
  }

  /** The pipe writes the CAR analytic must report, worked out from the raw JSON with Jackson. */
  static List<Detection> expectedPipeWrites(Path dceRpcJsonGz) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Detection> rows = new ArrayList<>();
    String source = Pipelines.sourceOf(dceRpcJsonGz);
    try (BufferedReader in = gunzip(dceRpcJsonGz)) {
      String line;
      long n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        JsonNode r = json.readTree(line);
        String pipe = r.get("named_pipe").asText();
        if (pipe.chars().allMatch(Character::isDigit) || r.get("id.resp_p").asInt() != 445) {
          continue;
        }
        String normalised = pipe.toLowerCase().replace("\\pipe\\", "");
        Detection d = new Detection();
        d.analyticId = Car2014_03_001.INFO.id();
        d.title = Car2014_03_001.INFO.title();
        d.attackTechniques = Car2014_03_001.INFO.attackTechniques().toArray(new String[0]);
        d.severity = "high"; // atsvc is watched; ntsvcs carries svcctl, which is watched
        d.eventTime = Instant.parse(r.get("ts").asText()).toEpochMilli();
        d.host = r.get("id.resp_h").asText();
        d.srcIp = r.get("id.orig_h").asText();
        d.srcPort = r.get("id.orig_p").asInt();
        d.dstIp = r.get("id.resp_h").asText();
        d.dstPort = 445;
        d.target = normalised;
        d.detail = r.get("endpoint").asText() + " " + r.get("operation").asText();
        d.evidence = new Evidence[] {new Evidence(source, n, d.eventTime, null)};
        rows.add(d);
      }
    }
    return sorted(rows);
  }

  static List<Detection> sorted(List<Detection> rows) {
    return rows.stream()
        .sorted(
            Comparator.<Detection>comparingLong(d -> d.eventTime)
                .thenComparing(d -> d.srcIp)
                .thenComparing(d -> d.srcPort)
                .thenComparing(d -> d.evidence[0].line))
        .toList();
  }

  private static List<String> withoutEvidence(List<Detection> rows) {
    return sorted(rows).stream()
        .map(
            d ->
                String.join(
                    "|",
                    Long.toString(d.eventTime),
                    d.srcIp,
                    String.valueOf(d.srcPort),
                    d.dstIp,
                    String.valueOf(d.dstPort),
                    d.target,
                    d.detail,
                    d.severity))
        .sorted()
        .toList();
  }

  private static BufferedReader gunzip(Path file) throws Exception {
    return new BufferedReader(
        new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8));
  }
}
