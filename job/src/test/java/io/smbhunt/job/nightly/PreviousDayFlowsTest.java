package io.smbhunt.job.nightly;

import static io.smbhunt.job.nightly.NightlyRuns.assertTheDaysShareTheSingleRun;
import static io.smbhunt.job.nightly.NightlyRuns.manifest;
import static io.smbhunt.job.nightly.NightlyRuns.quarantine;
import static io.smbhunt.job.nightly.NightlyRuns.rows;
import static io.smbhunt.job.nightly.NightlyRuns.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.testing.Archives;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flow logs and packet captures of the previous day are context too: a Suricata flow or a TCP
 * connection that straddles midnight is completed by the day it ends in, under the same rule as the
 * host events' chains (a row is a day's iff one of its events is that day's).
 */
class PreviousDayFlowsTest {

  /**
   * Suricata 7.0.10 on the Samba lab: the first flow signs in as pgustavo (line 3), connects C$
   * (line 7) and writes ProgramData\GruntHTTP.exe (the smb event on line 11, its fileinfo report of
   * the same transfer on line 12).
   */
  private static final Path EVE =
      Path.of("../samples/suricata/7.0.10/samba_lateral.eve.json").toAbsolutePath().normalize();

  /** The Covenant capture: 177 frames, the C$ tree connect before frame 125, its one WRITE. */
  private static final Path CAPTURE =
      Path.of("../samples/security-datasets/covenant_copy_smb_CreateRequest_2020-09-22145302.cap")
          .toAbsolutePath()
          .normalize();

  private static final String GRUNT = "ProgramData\\GruntHTTP.exe";

  @TempDir Path tmp;

  private final NightlyRuns runs = new NightlyRuns();

  /**
   * The log rotated at midnight between the tree connect and the write: the write's row comes from
   * the 23rd, with the share and user that only the 22nd's lines tell. Alone, the 23rd reports the
   * write without them.
   */
  @Test
  void aSuricataFlowAcrossMidnightIsCompletedByTheDayItEnds() throws Exception {
    List<String> eve = Files.readAllLines(EVE, StandardCharsets.UTF_8);
    Path out = backfill("eve", eve.subList(0, 10), eve.subList(10, eve.size()));
    List<Detection> of23 = theDaysShareTheSingleRun(out);
    Detection write = grunt(of23);
    assertThat(write.share).isEqualTo("\\\\172.18.39.9\\C$");
    assertThat(write.user).isEqualTo("pgustavo");
    assertThat(write.evidence[0].source).isEqualTo(source(day(23)) + "/eve.json");
    assertThat(write.evidence[0].line).isEqualTo(1);

    Path alone = tmp.resolve("alone");
    Path config =
        Files.writeString(tmp.resolve("c.yaml"), "nightly: {previous_day_context: false}");
    assertThat(nightly("--date", "2020-09-23", "--output", "" + alone, "--config", "" + config))
        .as(runs.stderr.toString())
        .isZero();
    Detection incomplete = grunt(rows(alone.resolve("input_date=2020-09-23")));
    assertThat(incomplete.share).isNull();
    assertThat(incomplete.user).isNull();
  }

  /**
   * A transfer Suricata reports twice (the smb event, then its fileinfo event) is one row, the smb
   * event's. Split after the smb event, it is the 22nd's row and the 23rd reports nothing of it.
   * Split the other way round — the fileinfo report on the 22nd, the smb event on the 23rd, which
   * is not the order Suricata wrote them in here — each day reports it: the 22nd from the fileinfo
   * report, which stands alone there, and the 23rd from the smb event.
   */
  @Test
  void aTransferReportedOnBothSidesOfMidnight() throws Exception {
    List<String> eve = Files.readAllLines(EVE, StandardCharsets.UTF_8);
    Path inOrder = backfill("in-order", eve.subList(0, 11), eve.subList(11, eve.size()));
    assertThat(grunt(rows(inOrder.resolve("input_date=2020-09-22"))).evidence[0].line)
        .isEqualTo(11);
    assertThat(rows(inOrder.resolve("input_date=2020-09-23")))
        .noneMatch(d -> GRUNT.equals(d.target));

    List<String> fileinfoFirst = new ArrayList<>(eve.subList(0, 10));
    fileinfoFirst.add(eve.get(11));
    List<String> smbAfter = new ArrayList<>(List.of(eve.get(10)));
    smbAfter.addAll(eve.subList(12, eve.size()));
    Path reversed = backfill("reversed", fileinfoFirst, smbAfter);
    assertThat(grunt(rows(reversed.resolve("input_date=2020-09-22"))).evidence[0].line)
        .isEqualTo(11);
    assertThat(grunt(rows(reversed.resolve("input_date=2020-09-23"))).evidence[0].line)
        .isEqualTo(1);
  }

  /**
   * A capture rotated at midnight between the tree connect and the WRITE (frame 125): the write's
   * row is the 23rd's, with the share only the 22nd's frames tell. A broken record at the end of
   * the 22nd's capture is in the 22nd's quarantine, not the 23rd's.
   */
  @Test
  void aConnectionAcrossMidnightInPacketCaptures() throws Exception {
    List<Path> parts = Archives.rotatedCapture(CAPTURE, tmp.resolve("rotated"), 124);
    assertThat(parts).hasSize(2);
    Files.createDirectories(day(22));
    Files.createDirectories(day(23));
    Files.copy(parts.get(0), day(22).resolve("smb.pcap"));
    Files.copy(parts.get(1), day(23).resolve("smb.pcap"));
    // A record header cut short: pcap_truncated where the 22nd's capture ends.
    Files.write(day(22).resolve("smb.pcap"), new byte[10], StandardOpenOption.APPEND);
    Path out = tmp.resolve("hunts");
    assertThat(nightly("--from", "2020-09-22", "--to", "2020-09-23", "--output", "" + out))
        .as(runs.stderr.toString())
        .isZero();
    List<Detection> of23 = theDaysShareTheSingleRun(out);
    Detection write = grunt(of23);
    assertThat(write.share).isEqualTo("\\\\WORKSTATION6\\C$");
    assertThat(write.evidence[0].source).isEqualTo(source(day(23)) + "/smb.pcap");
    assertThat(write.evidence[0].line).isEqualTo(1);
    assertThat(quarantine(out.resolve("input_date=2020-09-22")))
        .extracting(q -> q.reason)
        .containsExactly("pcap_truncated");
    assertThat(quarantine(out.resolve("input_date=2020-09-23"))).isEmpty();
    assertThat(manifest(out, "2020-09-23").get("quarantined_capture_records_by_reason").toString())
        .isEqualTo("{}");
  }

  private Path day(int dd) {
    return tmp.resolve("archive/2020/09/" + dd);
  }

  /** The two days' eve.json from {@code of22} and {@code of23}, hunted by one backfill. */
  private Path backfill(String name, List<String> of22, List<String> of23) throws Exception {
    Files.createDirectories(day(22));
    Files.createDirectories(day(23));
    Files.write(day(22).resolve("eve.json"), of22);
    Files.write(day(23).resolve("eve.json"), of23);
    Path out = tmp.resolve(name);
    assertThat(nightly("--from", "2020-09-22", "--to", "2020-09-23", "--output", "" + out))
        .as(runs.stderr.toString())
        .isZero();
    return out;
  }

  /**
   * Runs smbhunt once over both day folders, checks that the backfill in {@code out} shares its
   * rows out between the days ({@link NightlyRuns#assertTheDaysShareTheSingleRun}), and returns the
   * 23rd's rows.
   */
  private List<Detection> theDaysShareTheSingleRun(Path out) throws Exception {
    Path single = tmp.resolve("single");
    assertThat(runs.smbhunt("--input", "" + day(22), "" + day(23), "--output", "" + single))
        .as(runs.stderr.toString())
        .isZero();
    List<Detection> of23 = rows(out.resolve("input_date=2020-09-23"));
    assertTheDaysShareTheSingleRun(
        rows(single), rows(out.resolve("input_date=2020-09-22")), of23, source(day(22)));
    return of23;
  }

  private int nightly(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--input-template", tmp.resolve("archive") + "/{yyyy}/{MM}/{dd}/"));
    return runs.smbhunt(all.toArray(String[]::new));
  }

  /** The one CAR-2013-05-003 row of the write of GruntHTTP.exe. */
  private static Detection grunt(List<Detection> rows) {
    List<Detection> writes =
        rows.stream()
            .filter(d -> d.analyticId.equals("car_2013_05_003") && GRUNT.equals(d.target))
            .toList();
    assertThat(writes).hasSize(1);
    return writes.get(0);
  }
}
