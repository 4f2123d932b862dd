package io.smbhunt.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.read.ContextFiles;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

/** Which rows a nightly day keeps when it reads the day before as context. */
class OwnEvidenceTest {

  private static final String DAY_BEFORE = "/archive/2020/09/22";
  private static final String DAY = "/archive/2020/09/23";
  private static final ContextFiles NIGHTLY =
      ContextFiles.of(List.of(new Path(DAY)), List.of(new Path(DAY_BEFORE)));

  private static Detection row(String analyticId, String... folders) {
    Detection d = new Detection();
    d.analyticId = analyticId;
    d.evidence = new Evidence[folders.length];
    for (int i = 0; i < folders.length; i++) {
      d.evidence[i] = new Evidence(folders[i] + "/security.json", i + 1, 0L, 5140);
    }
    return d;
  }

  @Test
  void aRowWithAnEventOfTheDayIsKeptAndOneOfTheDayBeforeAloneIsNot() {
    OwnEvidence filter = new OwnEvidence(NIGHTLY, Set.of());
    assertThat(filter.filter(row("smb_remote_file_4", DAY_BEFORE, DAY))).isTrue();
    assertThat(filter.filter(row("smb_remote_file_4", DAY_BEFORE, DAY_BEFORE))).isFalse();
    assertThat(filter.filter(row("smb_remote_file_1", DAY_BEFORE))).isFalse();
  }

  @Test
  void theRowsOfJoinsThatDecideTheDayBeforesTriggersThemselvesAreKept() {
    OwnEvidence filter = new OwnEvidence(NIGHTLY, Set.of("smb_remote_file_4"));
    assertThat(filter.filter(row("smb_remote_file_4", DAY_BEFORE, DAY_BEFORE))).isTrue();
    assertThat(filter.filter(row("smb_remote_file_1", DAY_BEFORE))).isFalse();
  }
}
