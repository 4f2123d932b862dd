package io.smbhunt.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.decode.RunCounters;
import io.smbhunt.job.write.RunManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  @Test
  void warnsAboutLateEventsWithTheCountsAndTheWaysOut() {
    RunManifest m =
        manifest(
            Map.of(
                RunCounters.LATE_PREFIX + "smb_remote_file_2", 293L,
                RunCounters.LATE_PREFIX + "smb_remote_file_4", 0L,
                RunCounters.LATE_PREFIX + "smb_remote_file_5", 140L));

    assertThat(RunSummary.lateEventsWarning(m))
        .startsWith("  late events 433 {smb_remote_file_2=293, smb_remote_file_4=0,")
        .contains("time.max_out_of_orderness")
        .contains("batch mode");
  }

  @Test
  void saysNothingWhenNoEventWasLate() {
    assertThat(RunSummary.lateEventsWarning(manifest(Map.of()))).isNull();
    assertThat(
            RunSummary.lateEventsWarning(
                manifest(Map.of(RunCounters.LATE_PREFIX + "smb_remote_file_2", 0L))))
        .isNull();
  }

  private static RunManifest manifest(Map<String, Object> accumulators) {
    Instant now = Instant.now();
    return new RunManifest(
        List.of("in"),
        "out",
        "default",
        "streaming",
        2,
        Map.of(),
        accumulators,
        List.of("smb_remote_file_2"),
        now,
        now);
  }
}
