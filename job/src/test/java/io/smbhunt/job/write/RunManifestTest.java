package io.smbhunt.job.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.decode.RunCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest is always written; {@code _SUCCESS} only when every line is accounted for. */
class RunManifestTest {

  @TempDir Path out;

  @Test
  void aRunWhoseLinesReconcileIsMarkedASuccess() throws Exception {
    RunManifest m = manifest(10, 9, 1, 4, 5);
    m.writeTo(new org.apache.flink.core.fs.Path(out.toUri()));

    assertThat(m.reconciled()).isTrue();
    assertThat(out.resolve(RunManifest.MANIFEST_FILE)).exists();
    assertThat(out.resolve(RunManifest.SUCCESS_FILE)).exists();
  }

  @Test
  void aRunThatLostLinesHasAManifestAndNoSuccessMarker() throws Exception {
    RunManifest m = manifest(10, 8, 1, 3, 5); // one line neither decoded nor quarantined
    m.writeTo(new org.apache.flink.core.fs.Path(out.toUri()));

    assertThat(m.reconciled()).isFalse();
    assertThat(Files.readString(out.resolve(RunManifest.MANIFEST_FILE)))
        .contains("\"reconciled\" : false");
    assertThat(out.resolve(RunManifest.SUCCESS_FILE)).doesNotExist();
  }

  private static RunManifest manifest(
      long read, long decoded, long quarantined, long used, long notRelevant) {
    Instant now = Instant.now();
    return new RunManifest(
        List.of("in"),
        "out",
        "default",
        "batch",
        2,
        Map.of(),
        Map.of(
            RunCounters.LINES_READ, read,
            RunCounters.DECODED, decoded,
            RunCounters.QUARANTINED, quarantined,
            RunCounters.USED, used,
            RunCounters.NOT_RELEVANT, notRelevant),
        List.of("smb_remote_file_1"),
        now,
        now);
  }
}
