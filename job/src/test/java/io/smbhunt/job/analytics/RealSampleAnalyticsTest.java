package io.smbhunt.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.testing.Archives;
import io.smbhunt.job.testing.Pipelines;
import io.smbhunt.job.testing.ShipperShapes;
import io.smbhunt.job.testing.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * All five playbook analytics on the real Security-Datasets sample, through the whole pipeline
 * (file reading, decoding, keyed joins) on a MiniCluster at parallelism 2, field by field.
 *
 * <p>The attack, as WORKSTATION6 logged it (samples/README.md): line 58 5140 IPC$, 59 5140 C$ for
 * pgustavo on logon 0x4e13b2e from 172.18.39.5:62782; 60 5145 ProgramData 0x80; 61 5145
 * ProgramData\GruntHTTP.exe 0x17019f; 62 the same file 0x2; 212 Sysmon 11, System creates
 * C:\ProgramData\GruntHTTP.exe a second later; 222 the logoff.
 */
class RealSampleAnalyticsTest {

  @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.withSlots(2);

  private static final String HOST = "WORKSTATION6.theshire.local";
  private static final String C_SHARE = "\\\\*\\C$";
  private static final String FILE = "ProgramData\\GruntHTTP.exe";
  private static final String CONNECT_TIME = "2020-09-22T18:53:32.341Z";
  private static final String WRITE_TIME = "2020-09-22T18:53:32.342Z";

  private static final Evidence IPC_CONNECT = evidence(58, CONNECT_TIME, 5140);
  private static final Evidence C_CONNECT = evidence(59, CONNECT_TIME, 5140);
  private static final Evidence WRITE_17019F = evidence(61, WRITE_TIME, 5145);
  private static final Evidence WRITE_0X2 = evidence(62, WRITE_TIME, 5145);
  private static final Evidence SYSTEM_CREATE = evidence(212, "2020-09-22T18:53:33.407Z", 11);

  static Pipelines.Run seed;
  static Pipelines.Run defaults;

  @BeforeAll
  static void run() throws Exception {
    seed = Pipelines.run(List.of(Pipelines.REAL_SAMPLE), Profile.SEED);
    defaults = Pipelines.run(List.of(Pipelines.REAL_SAMPLE), Profile.DEFAULT);
  }

  @Test
  void seedProfileGivesTheNotebooksOneRowPerAnalytic() {
    assertThat(seed.of("smb_remote_file_1"))
        .containsExactly(row(SmbRemoteFile1.INFO, CONNECT_TIME, null, C_CONNECT));
    assertThat(seed.of("smb_remote_file_2"))
        .containsExactly(row(SmbRemoteFile2.INFO, CONNECT_TIME, null, C_CONNECT, IPC_CONNECT));
    assertThat(seed.of("smb_remote_file_3"))
        .containsExactly(row(SmbRemoteFile3.INFO, WRITE_TIME, FILE, WRITE_0X2));
    assertThat(seed.of("smb_remote_file_4"))
        .containsExactly(
            row(SmbRemoteFile4.INFO, WRITE_TIME, FILE, WRITE_0X2, IPC_CONNECT, C_CONNECT));
    assertThat(seed.of("smb_remote_file_5"))
        .containsExactly(row(SmbRemoteFile5.INFO, WRITE_TIME, FILE, WRITE_0X2, SYSTEM_CREATE));
    assertThat(seed.quarantine()).isEmpty();
  }

  /**
   * The default profile differs in one place on this file: 0x17019f (line 61) has the WriteData
   * bit, so it is a write too. III, IV and V then report both writes; each write's chain is the
   * same IPC$ and C$ connect (within a second, no logoff until line 222) and the same System create
   * (1.1 s later, same host and file name). I and II are as in the seed profile.
   */
  @Test
  void defaultProfileAlsoReportsTheAccessWithTheWriteDataBit() {
    assertThat(defaults.of("smb_remote_file_1"))
        .containsExactly(row(SmbRemoteFile1.INFO, CONNECT_TIME, null, C_CONNECT));
    assertThat(defaults.of("smb_remote_file_2"))
        .containsExactly(row(SmbRemoteFile2.INFO, CONNECT_TIME, null, C_CONNECT, IPC_CONNECT));
    assertThat(byTriggerLine(defaults.of("smb_remote_file_3")))
        .containsExactly(
            row(SmbRemoteFile3.INFO, WRITE_TIME, FILE, WRITE_17019F),
            row(SmbRemoteFile3.INFO, WRITE_TIME, FILE, WRITE_0X2));
    assertThat(byTriggerLine(defaults.of("smb_remote_file_4")))
        .containsExactly(
            row(SmbRemoteFile4.INFO, WRITE_TIME, FILE, WRITE_17019F, IPC_CONNECT, C_CONNECT),
            row(SmbRemoteFile4.INFO, WRITE_TIME, FILE, WRITE_0X2, IPC_CONNECT, C_CONNECT));
    assertThat(byTriggerLine(defaults.of("smb_remote_file_5")))
        .containsExactly(
            row(SmbRemoteFile5.INFO, WRITE_TIME, FILE, WRITE_17019F, SYSTEM_CREATE),
            row(SmbRemoteFile5.INFO, WRITE_TIME, FILE, WRITE_0X2, SYSTEM_CREATE));
    assertThat(defaults.quarantine()).isEmpty();
  }

  /**
   * The older Mordor datasets ship each JSON file inside a {@code .tar.gz}, and Windows tools often
   * start a UTF-8 file with a byte order mark: either way the same rows come out, their evidence
   * naming the file as read ({@code archive.tar.gz!/entry.json}), and nothing is quarantined.
   */
  @Test
  void theSampleInAMordorTarGzOrAfterAByteOrderMarkGivesTheSameRows(@TempDir Path tmp)
      throws Exception {
    byte[] sample = Files.readAllBytes(Pipelines.REAL_SAMPLE);
    String name = Pipelines.REAL_SAMPLE.getFileName().toString();
    Path tarGz =
        Archives.tarGz(tmp.resolve("covenant_copy_smb_CreateRequest.tar.gz"), name, sample);
    Path withBom = tmp.resolve(name);
    Files.write(withBom, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    Files.write(withBom, sample, StandardOpenOption.APPEND);

    List<String> expected = rows(defaults.detections(), Pipelines.sourceOf(Pipelines.REAL_SAMPLE));
    assertThat(expected).hasSize(8);
    Pipelines.Run fromTar = Pipelines.run(List.of(tarGz), Profile.DEFAULT);
    assertThat(rows(fromTar.detections(), Pipelines.sourceOf(tarGz) + "!/" + name))
        .isEqualTo(expected);
    assertThat(fromTar.quarantine()).isEmpty();
    Pipelines.Run fromBom = Pipelines.run(List.of(withBom), Profile.DEFAULT);
    assertThat(rows(fromBom.detections(), Pipelines.sourceOf(withBom))).isEqualTo(expected);
    assertThat(fromBom.quarantine()).isEmpty();
  }

  /**
   * The same real events as Winlogbeat archives them, line for line: Winlogbeat 6 ({@code
   * event_data}), and Winlogbeat 7 with its sysmon and security modules, which move Sysmon's {@code
   * Image}/{@code TargetFilename} to {@code process.executable}/{@code file.path} and the source
   * address to {@code source.ip}/{@code source.port}, and set a Sysmon event's {@code @timestamp}
   * from its {@code UtcTime}; and that again as an Elasticsearch export wraps it ({@code _source}).
   * The same rows come out, with nothing quarantined; in the Winlogbeat 7 shapes the System
   * create's time is its UtcTime, 18:53:30.880.
   */
  @Test
  void theSampleAsWinlogbeat6OrAsWinlogbeat7WithItsModulesGivesTheSameRows(@TempDir Path tmp)
      throws Exception {
    List<String> expected = rows(defaults.detections(), Pipelines.sourceOf(Pipelines.REAL_SAMPLE));

    Path winlogbeat6 =
        ShipperShapes.winlogbeat6(Pipelines.REAL_SAMPLE, tmp.resolve("winlogbeat6.json"));
    Pipelines.Run fromWinlogbeat6 = Pipelines.run(List.of(winlogbeat6), Profile.DEFAULT);
    assertThat(rows(fromWinlogbeat6.detections(), Pipelines.sourceOf(winlogbeat6)))
        .isEqualTo(expected);
    assertThat(fromWinlogbeat6.quarantine()).isEmpty();

    String createAsLogged = "SAMPLE:212@" + SYSTEM_CREATE.eventTime + "#11";
    String createAtUtcTime =
        "SAMPLE:212@" + Instant.parse("2020-09-22T18:53:30.880Z").toEpochMilli() + "#11";
    assertThat(expected.stream().filter(r -> r.contains(createAsLogged))).hasSize(2);
    List<String> expectedFromModules =
        expected.stream().map(r -> r.replace(createAsLogged, createAtUtcTime)).sorted().toList();
    Path winlogbeat7 =
        ShipperShapes.winlogbeat7Modules(Pipelines.REAL_SAMPLE, tmp.resolve("winlogbeat7.json"));
    Path export =
        ShipperShapes.elasticsearchExport(Pipelines.REAL_SAMPLE, tmp.resolve("export.json"));
    // The seed profile too: these shapes' AccessMask is a list of the one string Windows logged.
    List<String> expectedSeed =
        rows(seed.detections(), Pipelines.sourceOf(Pipelines.REAL_SAMPLE)).stream()
            .map(r -> r.replace(createAsLogged, createAtUtcTime))
            .sorted()
            .toList();
    assertThat(expectedSeed).hasSize(5);
    for (Path shaped : List.of(winlogbeat7, export)) {
      Pipelines.Run run = Pipelines.run(List.of(shaped), Profile.DEFAULT);
      assertThat(rows(run.detections(), Pipelines.sourceOf(shaped)))
          .as(shaped.getFileName().toString())
          .isEqualTo(expectedFromModules);
      assertThat(run.quarantine()).isEmpty();
      assertThat(
              rows(
                  Pipelines.run(List.of(shaped), Profile.SEED).detections(),
                  Pipelines.sourceOf(shaped)))
          .as("seed, " + shaped.getFileName())
          .isEqualTo(expectedSeed);
    }
  }

  /** The rows as text, sorted, with the evidence's file name replaced by a placeholder. */
  private static List<String> rows(List<Detection> detections, String source) {
    return detections.stream()
        .map(d -> d.toString().replace(source + ":", "SAMPLE:"))
        .sorted()
        .toList();
  }

  private static List<Detection> byTriggerLine(List<Detection> rows) {
    return rows.stream().sorted(Comparator.comparingLong(d -> d.evidence[0].line)).toList();
  }

  private static Detection row(
      AnalyticInfo info, String time, String target, Evidence... evidence) {
    Detection d = new Detection();
    d.analyticId = info.id();
    d.title = info.title();
    d.attackTechniques = info.attackTechniques().toArray(new String[0]);
    d.severity = info.severity();
    d.eventTime = Instant.parse(time).toEpochMilli();
    d.host = HOST;
    d.user = "pgustavo";
    d.logonId = "0x4e13b2e";
    d.srcIp = "172.18.39.5";
    d.srcPort = 62782;
    d.share = C_SHARE;
    d.target = target;
    d.evidence = evidence;
    return d;
  }

  private static Evidence evidence(long line, String time, int eventId) {
    return new Evidence(
        Pipelines.sourceOf(Pipelines.REAL_SAMPLE),
        line,
        Instant.parse(time).toEpochMilli(),
        eventId);
  }
}
