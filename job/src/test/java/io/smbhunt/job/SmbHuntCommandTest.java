package io.smbhunt.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smbhunt.job.testing.Archives;
import io.smbhunt.job.testing.GeneratedCorpus;
import io.smbhunt.job.testing.Pipelines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smbhunt command end to end, as a user runs it: its own embedded MiniCluster, real files in,
 * Parquet out, read back by an independent reader (DuckDB).
 */
class SmbHuntCommandTest {

  @TempDir Path tmp;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  private int smbhunt(String... args) {
    return SmbHunt.run(
        args,
        new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @Test
  void huntsTheRealSampleIntoParquetThatDuckDbReads() throws Exception {
    Path out = tmp.resolve("run");
    int code =
        smbhunt(
            "--input",
            Pipelines.REAL_SAMPLE.toString(),
            "--output",
            out.toString(),
            "--profile",
            "seed",
            "--parallelism",
            "2");
    assertThat(code).as(stderr.toString()).isZero();

    // Layout: one table per analytic, Hive partitions by event date, manifest and marker.
    assertThat(parquetFiles(out.resolve("smb_remote_file_1/date=2020-09-22"))).isNotEmpty();
    assertThat(parquetFiles(out.resolve("smb_remote_file_3/date=2020-09-22"))).isNotEmpty();
    assertThat(out.resolve("_SUCCESS")).exists();
    try (Stream<Path> all = Files.walk(out)) {
      assertThat(all.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("inprogress") || n.startsWith("."));
    }

    JsonNode manifest = new ObjectMapper().readTree(out.resolve("_manifest.json").toFile());
    assertThat(manifest.get("profile").asText()).isEqualTo("seed");
    assertThat(manifest.get("smbhunt_version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(manifest.get("flink_version").asText()).startsWith("2.");
    assertThat(manifest.get("counts").get("lines_read").asLong()).isEqualTo(506);
    assertThat(manifest.get("counts").get("decoded").asLong()).isEqualTo(506);
    assertThat(manifest.get("counts").get("quarantined").asLong()).isZero();
    assertThat(manifest.get("counts").get("used").asLong()).isEqualTo(9);
    assertThat(manifest.get("counts").get("not_relevant").asLong()).isEqualTo(497);
    // The notebook's pandas code gives exactly one row per analytic on this file.
    for (int i = 1; i <= 5; i++) {
      assertThat(manifest.get("detections").get("smb_remote_file_" + i).asLong()).isEqualTo(1);
    }
    assertThat(manifest.get("reconciled").asBoolean()).isTrue();
    assertThat(manifest.get("warnings")).isEmpty();
    assertThat(manifest.get("inputs").get(0).asText()).isEqualTo(Pipelines.REAL_SAMPLE.toString());
    assertThat(manifest.get("config").get("windows.session_window").asText()).isEqualTo("1h");
    assertThat(stdout.toString()).contains("lines read 506 = decoded 506 + quarantined 0");

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      String table = "read_parquet('" + out + "/*/date=*/*.parquet', hive_partitioning = true)";
      Map<String, String> types = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + table)) {
        while (rs.next()) {
          types.put(rs.getString("column_name"), rs.getString("column_type"));
        }
      }
      assertThat(types)
          .containsEntry("analytic_id", "VARCHAR")
          .containsEntry("attack_techniques", "VARCHAR[]")
          .containsEntry("event_time", "TIMESTAMP WITH TIME ZONE")
          .containsEntry("src_port", "INTEGER")
          .containsEntry("date", "DATE")
          .containsKeys(
              "title", "severity", "host", "user", "logon_id", "src_ip", "share", "target");
      assertThat(types.get("evidence"))
          .isEqualTo(
              "STRUCT(\"source\" VARCHAR, line BIGINT, event_time TIMESTAMP WITH TIME ZONE,"
                  + " event_id INTEGER)[]");

      st.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT analytic_id, strftime(event_time, '%Y-%m-%dT%H:%M:%S.%g') AS t, host,"
                  + " \"user\", logon_id, src_ip, src_port, share, target, attack_techniques,"
                  + " evidence[1].line AS line, evidence[1].event_id AS event_id,"
                  + " len(evidence) AS n, CAST(date AS VARCHAR) AS d"
                  + " FROM "
                  + table
                  + " ORDER BY analytic_id")) {
        String connect = "2020-09-22T18:53:32.341";
        String write = "2020-09-22T18:53:32.342";
        String file = "ProgramData\\GruntHTTP.exe";
        String share = "\\\\*\\C$";
        assertThat(rs.next()).isTrue();
        assertRow(rs, "smb_remote_file_1", connect, share, null, 59, 5140, 1);
        assertThat(rs.next()).isTrue();
        assertRow(rs, "smb_remote_file_2", connect, share, null, 59, 5140, 2);
        assertThat(rs.next()).isTrue();
        assertRow(rs, "smb_remote_file_3", write, share, file, 62, 5145, 1);
        assertThat(rs.next()).isTrue();
        assertRow(rs, "smb_remote_file_4", write, share, file, 62, 5145, 3);
        assertThat(rs.next()).isTrue();
        assertRow(rs, "smb_remote_file_5", write, share, file, 62, 5145, 2);
        assertThat(rs.next()).isFalse();
      }
    }
  }

  private static void assertRow(
      ResultSet rs,
      String id,
      String time,
      String share,
      String target,
      long line,
      int eventId,
      int evidence)
      throws Exception {
    assertThat(rs.getString("analytic_id")).isEqualTo(id);
    assertThat(rs.getString("t")).isEqualTo(time);
    assertThat(rs.getString("host")).isEqualTo("WORKSTATION6.theshire.local");
    assertThat(rs.getString("user")).isEqualTo("pgustavo");
    assertThat(rs.getString("logon_id")).isEqualTo("0x4e13b2e");
    assertThat(rs.getString("src_ip")).isEqualTo("172.18.39.5");
    assertThat(rs.getInt("src_port")).isEqualTo(62782);
    assertThat(rs.getString("share")).isEqualTo(share);
    assertThat(rs.getString("target")).isEqualTo(target);
    assertThat(rs.getLong("line")).isEqualTo(line);
    assertThat(rs.getInt("event_id")).isEqualTo(eventId);
    assertThat(rs.getInt("n")).isEqualTo(evidence);
    assertThat(rs.getString("d")).isEqualTo("2020-09-22");
    Object[] techniques = (Object[]) rs.getArray("attack_techniques").getArray();
    assertThat(techniques).isNotEmpty().allMatch(t -> t.toString().startsWith("T"));
  }

  @Test
  void readsPacketCapturesBesideLogsFromTheCommandLine() throws Exception {
    Path out = tmp.resolve("pcap");
    Path capture =
        Pipelines.REAL_SAMPLE.resolveSibling(
            "covenant_copy_smb_CreateRequest_2020-09-22145302.cap");
    int code =
        smbhunt("--input", capture.toString(), "--output", out.toString(), "--parallelism", "2");
    assertThat(code).as(stderr.toString()).isZero();
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("_manifest.json").toFile());
    assertThat(manifest.get("packet_captures").get("packets").asLong()).isEqualTo(177);
    assertThat(manifest.get("detections").get("car_2013_05_003").asLong()).isEqualTo(1);
    assertThat(stdout.toString()).contains("packet captures: 177 packets");
  }

  @Test
  void brokenCapturesAreCountedWhereTheirQuarantineRecordsAre() throws Exception {
    Path captures = Files.createDirectories(tmp.resolve("captures"));
    byte[] real =
        Files.readAllBytes(
            Pipelines.REAL_SAMPLE.resolveSibling(
                "covenant_copy_smb_CreateRequest_2020-09-22145302.cap"));
    Files.write(captures.resolve("cut.pcap"), Arrays.copyOf(real, 30_000));
    Files.writeString(captures.resolve("notes.pcap"), "not a capture\n");
    Path out = tmp.resolve("broken-captures");

    assertThat(smbhunt("--input", captures.toString(), "--output", out.toString())).isZero();

    JsonNode manifest = new ObjectMapper().readTree(out.resolve("_manifest.json").toFile());
    assertThat(manifest.get("quarantined_capture_records_by_reason").toString())
        .isEqualTo("{\"pcap_bad_magic\":1,\"pcap_truncated\":1}");
    assertThat(stdout.toString())
        .contains("quarantined 2 packet capture records {pcap_bad_magic=1, pcap_truncated=1}");
  }

  /**
   * The dataset's zip unpacked beside itself: the run goes ahead (smbhunt reads what it is given)
   * but says, on stderr and in the manifest, that the same data is read twice; here every count
   * doubles.
   */
  @Test
  void warnsWhenTheSameDataIsGivenTwice() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("downloads"));
    byte[] sample = Files.readAllBytes(Pipelines.REAL_SAMPLE);
    String name = Pipelines.REAL_SAMPLE.getFileName().toString();
    Files.write(in.resolve(name), sample);
    Archives.zip(in.resolve("covenant_copy_smb_CreateRequest.zip"), name, sample);
    Path out = tmp.resolve("twice");

    assertThat(smbhunt("--input", in.toString(), "--output", out.toString())).isZero();

    assertThat(stderr.toString())
        .startsWith("smbhunt: warning: ")
        .contains("covenant_copy_smb_CreateRequest.zip!/" + name)
        .contains("detections will appear twice");
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("_manifest.json").toFile());
    assertThat(manifest.get("warnings")).hasSize(1);
    assertThat(manifest.get("counts").get("lines_read").asLong()).isEqualTo(2 * 506);
    assertThat(manifest.get("detections").get("smb_remote_file_1").asLong()).isEqualTo(2);
  }

  /**
   * The MiniCluster's default 64 MiB of network memory ran out from parallelism 40 on
   * ("Insufficient number of network buffers"); a local run sizes it from the parallelism. About 15
   * s on 2 cores.
   */
  @Test
  void runsLocallyAtParallelism64() throws Exception {
    Path out = tmp.resolve("p64");
    int code =
        smbhunt(
            "--input",
            Pipelines.REAL_SAMPLE.toString(),
            "--output",
            out.toString(),
            "--parallelism",
            "64");

    assertThat(code).as(stderr.toString()).isZero();
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("_manifest.json").toFile());
    assertThat(manifest.get("parallelism").asInt()).isEqualTo(64);
    assertThat(manifest.get("counts").get("lines_read").asLong()).isEqualTo(506);
    assertThat(manifest.get("detections").get("smb_remote_file_1").asLong()).isEqualTo(1);
  }

  /** An input folder with nothing to read (an export that did not arrive) is named, not hidden. */
  @Test
  void warnsAboutAnInputFolderWithoutFiles() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(empty.resolve(".hidden"), "skipped like any dot file");
    Path out = tmp.resolve("partly-empty");

    assertThat(
            smbhunt(
                "--input",
                empty.toString(),
                Pipelines.REAL_SAMPLE.toString(),
                "--output",
                out.toString()))
        .as(stderr.toString())
        .isZero();

    String warning = "--input " + empty + " holds no files to read: nothing from it was hunted";
    assertThat(stderr.toString().lines()).containsExactly("smbhunt: warning: " + warning);
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("_manifest.json").toFile());
    assertThat(manifest.get("warnings")).hasSize(1);
    assertThat(manifest.get("warnings").get(0).asText()).isEqualTo(warning);
    assertThat(manifest.get("counts").get("lines_read").asLong()).isEqualTo(506);
  }

  /**
   * A symbolic link whose target is gone made Flink's listing of the folder fail, and the whole run
   * with it; now the other files are hunted and the link is quarantined like any unreadable file.
   */
  @Test
  void aDanglingSymbolicLinkInAFolderIsQuarantinedAndTheRestHunted() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("with-broken-link"));
    Files.copy(Pipelines.REAL_SAMPLE, in.resolve("sample.json"));
    Files.createSymbolicLink(in.resolve("gone.json"), tmp.resolve("deleted.json"));
    Path out = tmp.resolve("broken-link");

    assertThat(smbhunt("--input", in.toString(), "--output", out.toString()))
        .as(stderr.toString())
        .isZero();

    JsonNode manifest = new ObjectMapper().readTree(out.resolve("_manifest.json").toFile());
    assertThat(manifest.get("quarantined_by_reason").toString())
        .isEqualTo("{\"unreadable_file\":1}");
    assertThat(manifest.get("counts").get("lines_read").asLong()).isEqualTo(507);
    assertThat(manifest.get("detections").get("smb_remote_file_1").asLong()).isEqualTo(1);
  }

  @Test
  void refusesANonEmptyOutputUnlessToldToOverwrite() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("used"));
    Path oldRow = out.resolve("smb_remote_file_1/date=2020-09-22/part-0.parquet");
    Files.createDirectories(oldRow.getParent());
    Files.writeString(oldRow, "earlier run");
    String[] args = {"--input", Pipelines.REAL_SAMPLE.toString(), "--output", out.toString()};

    assertThat(smbhunt(args)).isEqualTo(2);
    assertThat(stderr.toString().trim())
        .isEqualTo(
            "smbhunt: --output " + out + " is not empty (add --overwrite to replace its content)");

    String[] overwrite = {
      "--input", Pipelines.REAL_SAMPLE.toString(), "--output", out.toString(), "--overwrite"
    };
    assertThat(smbhunt(overwrite)).isZero();
    assertThat(oldRow).doesNotExist();
    assertThat(out.resolve("_SUCCESS")).exists();
  }

  @Test
  void overwriteNeverClearsAFolderAHuntDidNotWrite() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(home.resolve("notes.txt"), "mine");
    String[] args = {
      "--input", Pipelines.REAL_SAMPLE.toString(), "--output", home.toString(), "--overwrite"
    };

    assertThat(smbhunt(args)).isEqualTo(2);
    assertThat(stderr.toString().trim())
        .isEqualTo(
            "smbhunt: --overwrite: --output "
                + home
                + " holds 'notes.txt', which is not a hunt's output; give an empty folder or an"
                + " earlier hunt's");
    assertThat(home.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void badArgumentsGetOneLineAndExitCode2() {
    for (String[] args :
        List.of(
            new String[] {"--input", tmp.resolve("nope").toString(), "--output", tmp.toString()},
            new String[] {"--input", "x", "--output", "o", "--mode", "fast"},
            new String[] {"--input", "x"},
            new String[] {
              "--input",
              Pipelines.REAL_SAMPLE.toString(),
              "--output",
              tmp.resolve("o").toString(),
              "--config",
              tmp.resolve("missing.yaml").toString()
            })) {
      stderr.reset();
      assertThat(smbhunt(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(stderr.toString()).startsWith("smbhunt: ").hasLineCount(1);
    }
    assertThat(stderr.toString()).contains("--config: cannot read");
  }

  @Test
  void helpPrintsTheFlags() {
    assertThat(smbhunt("--help")).isZero();
    assertThat(stdout.toString()).contains("--input", "--output", "--profile", "--overwrite");
  }

  /**
   * Rows of one analytic and event date come from several files and tasks, yet land in one Parquet
   * file per folder, and DuckDB reads back as many rows as the generator planted.
   */
  @Test
  void eachAnalyticAndDateFolderGetsOneFile() throws Exception {
    GeneratedCorpus corpus =
        GeneratedCorpus.generate(
            tmp.resolve("corpus"), "--events", "20000", "--files", "3", "--seed", "9");
    Path out = tmp.resolve("folders");
    List<String> args = new ArrayList<>();
    for (Path file : corpus.files()) {
      args.addAll(List.of("--input", file.toString()));
    }
    args.addAll(List.of("--output", out.toString(), "--parallelism", "3"));
    assertThat(smbhunt(args.toArray(String[]::new))).as(stderr.toString()).isZero();

    List<Path> folders;
    try (Stream<Path> all = Files.walk(out)) {
      folders = all.filter(p -> p.getFileName().toString().startsWith("date=")).toList();
    }
    assertThat(folders).hasSizeGreaterThan(10);
    for (Path folder : folders) {
      assertThat(parquetFiles(folder)).as(folder.toString()).hasSize(1);
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      String[] roman = {"I", "II", "III", "IV", "V"};
      for (int i = 1; i <= 5; i++) {
        String analytic = "smb_remote_file_" + i;
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM read_parquet('" + out.resolve(analytic) + "/*/*.parquet')");
        rs.next();
        assertThat(rs.getLong(1)).as(analytic).isEqualTo(corpus.expectedDefault(roman[i - 1]));
      }
    }
  }

  private static List<Path> parquetFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
    }
  }
}
