package io.smbhunt.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.decode.RunCounters;
import io.smbhunt.job.testing.GeneratedCorpus;
import io.smbhunt.job.testing.Pipelines;
import io.smbhunt.job.testing.TestClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * All five playbook analytics in one pass over a 200k-line generated corpus (logon-id collisions
 * across hosts, far-day decoys, case changes, machine accounts, logon ids reused after a logoff,
 * long gaps, disorder, malformed lines, one 24 MB line): the ten counts of both profiles equal the
 * generator's ground truth, computed independently from the same files.
 */
class GroundTruthCountsTest {

  @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.withSlots(2);

  private static final String[] ROMAN = {"I", "II", "III", "IV", "V"};

  @TempDir static Path tmp;
  static GeneratedCorpus corpus;

  @BeforeAll
  static void generate() throws Exception {
    corpus =
        GeneratedCorpus.generate(
            tmp.resolve("corpus"), "--events", "200000", "--files", "4", "--seed", "42");
  }

  @Test
  void bothProfilesCountExactlyWhatTheGroundTruthSays() throws Exception {
    SmbHuntConfig config = new SmbHuntConfig();
    config.sessionWindow =
        Duration.ofMillis(
            (long)
                (corpus.groundTruth.get("default_windows").get("session_window_seconds").asDouble()
                    * 1000));
    config.fileWindow =
        Duration.ofMillis(
            (long)
                (corpus.groundTruth.get("default_windows").get("file_window_seconds").asDouble()
                    * 1000));

    Map<String, Long> expected = new LinkedHashMap<>();
    Map<String, Long> actual = new LinkedHashMap<>();
    for (Profile profile : Profile.values()) {
      Pipelines.Run run =
          Pipelines.run(corpus.files(), profile, config, RuntimeExecutionMode.BATCH, 2);
      for (int i = 0; i < ROMAN.length; i++) {
        String key = profile.id() + " " + ROMAN[i];
        expected.put(
            key,
            profile == Profile.SEED
                ? corpus.expectedSeed(ROMAN[i])
                : corpus.expectedDefault(ROMAN[i]));
        actual.put(key, (long) run.of("smb_remote_file_" + (i + 1)).size());
      }
      Map<String, Object> acc = run.result().getAllAccumulatorResults();
      assertThat((Long) acc.get(RunCounters.LINES_READ)).isEqualTo(corpus.linesTotal());
      if (profile == Profile.DEFAULT) {
        // Every buffered event of the windowed joins was released by the end of the run.
        for (int i : new int[] {2, 4, 5}) {
          assertThat((Long) acc.get(RunCounters.STATE_ENTRIES_PREFIX + "smb_remote_file_" + i))
              .as("state entries left, analytic %d", i)
              .isZero();
        }
      }
    }
    assertThat(actual).isEqualTo(expected);
  }
}
