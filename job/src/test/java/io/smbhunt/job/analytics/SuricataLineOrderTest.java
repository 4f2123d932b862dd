package io.smbhunt.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.decode.RunCounters;
import io.smbhunt.job.testing.Pipelines;
import io.smbhunt.job.testing.TestClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §3 for Suricata's log through the whole pipeline: the CAR rows of what Suricata 8 logged of
 * the Samba lab capture are the same read in the sensor's order, newest first, shuffled, or rotated
 * into two files read in either order — in BATCH and STREAMING mode, at parallelism 2. A CREATE's
 * or an SMB2 write's share and every record's user come from other lines of the log.
 */
class SuricataLineOrderTest {

  @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.withSlots(2);

  private static final Path LAB =
      Path.of("../samples/suricata/8.0.7/samba_lateral.eve.json").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void theRowsDoNotDependOnTheOrderOfTheLines() throws Exception {
    List<String> lines = Files.readAllLines(LAB, StandardCharsets.UTF_8);
    Pipelines.Run inOrder = run(List.of(LAB), RuntimeExecutionMode.BATCH);
    List<String> expected = rows(inOrder);
    // 116 smb events and 3 fileinfo events reach their flows; the fileinfo events repeat writes.
    Map<String, Object> counters = inOrder.result().getAllAccumulatorResults();
    assertThat(counters)
        .containsEntry(RunCounters.SURICATA_PREFIX + "records", 119L)
        .containsEntry(RunCounters.SURICATA_PREFIX + "rows", 116L)
        .containsEntry(RunCounters.SURICATA_PREFIX + "transfer_repeats", 3L);
    // Three file writes to C$ and 41 pipe calls (CarAnalyticsTest counts them per connection).
    assertThat(expected).hasSize(3 + 41);
    assertThat(expected)
        .filteredOn(r -> r.startsWith("car_2013_05_003"))
        .allMatch(r -> r.contains("\\\\172.18.39.9\\C$") && r.contains("pgustavo"));

    List<String> newestFirst = new ArrayList<>(lines);
    Collections.reverse(newestFirst);
    List<String> shuffled = new ArrayList<>(lines);
    Collections.shuffle(shuffled, new Random(7));
    Path reversed = write("reversed/eve.json", newestFirst);
    Path mixed = write("shuffled/eve.json", shuffled);
    // Rotated: the newer half in eve.json, the older in eve.json.1, each newest first.
    int half = lines.size() / 2;
    Path rotated = tmp.resolve("rotated");
    write("rotated/eve.json.1", reversedCopy(lines.subList(0, half)));
    write("rotated/eve.json", reversedCopy(lines.subList(half, lines.size())));

    for (RuntimeExecutionMode mode : RuntimeExecutionMode.values()) {
      if (mode == RuntimeExecutionMode.AUTOMATIC) {
        continue;
      }
      for (Path input : List.of(reversed, mixed, rotated)) {
        assertThat(rows(run(List.of(input), mode)))
            .as("%s in %s mode", tmp.relativize(input), mode)
            .isEqualTo(expected);
      }
    }
  }

  private Path write(String name, List<String> lines) throws Exception {
    Path file = tmp.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static List<String> reversedCopy(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    Collections.reverse(copy);
    return copy;
  }

  private static Pipelines.Run run(List<Path> inputs, RuntimeExecutionMode mode) throws Exception {
    return Pipelines.run(inputs, Profile.DEFAULT, new SmbHuntConfig(), mode, 2);
  }

  /** Every row but its evidence, whose line numbers change with the order. */
  private static List<String> rows(Pipelines.Run run) {
    assertThat(run.quarantine()).isEmpty();
    return run.detections().stream()
        .map(
            d ->
                String.join(
                    " ",
                    d.analyticId,
                    String.valueOf(d.eventTime),
                    d.srcIp + ":" + d.srcPort,
                    d.dstIp + ":" + d.dstPort,
                    String.valueOf(d.share),
                    String.valueOf(d.target),
                    String.valueOf(d.user),
                    d.severity,
                    String.valueOf(d.detail)))
        .sorted()
        .toList();
  }
}
