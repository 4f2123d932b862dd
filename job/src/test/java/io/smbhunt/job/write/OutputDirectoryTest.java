package io.smbhunt.job.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smbhunt.job.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hunt's output folder: refused, cleared or, for a job restored from a savepoint, continued. */
class OutputDirectoryTest {

  @TempDir Path tmp;

  private Path out;
  private Path row;

  @BeforeEach
  void anEarlierRunsOutput() throws IOException {
    out = tmp.resolve("hunt");
    row = out.resolve("smb_remote_file_1/date=2020-09-22/part-0.parquet");
    Files.createDirectories(row.getParent());
    Files.writeString(row, "row");
    Files.writeString(out.resolve("_manifest.json"), "{}");
    Files.writeString(out.resolve("_SUCCESS"), "");
  }

  @Test
  void aNewHuntNeverMixesItsRowsIntoAnEarlierRuns() {
    assertThatThrownBy(() -> OutputDirectory.prepare(out.toString(), false, false))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("is not empty (add --overwrite");
    assertThat(row).exists();

    OutputDirectory.prepare(out.toString(), true, false);
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void aJobRestoredFromASavepointContinuesIntoItsFolder() {
    OutputDirectory.prepare(out.toString(), false, true);

    assertThat(row).hasContent("row");
    assertThat(out.resolve("_manifest.json")).exists(); // rewritten when the hunt ends
    assertThat(out.resolve("_SUCCESS")).doesNotExist(); // it is running again
  }

  @Test
  void overwriteIsRefusedWhenRestoringFromASavepoint() {
    assertThatThrownBy(() -> OutputDirectory.prepare(out.toString(), true, true))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--overwrite cannot be used when restoring from a savepoint");
    assertThat(row).exists();
    assertThat(out.resolve("_SUCCESS")).exists();
  }
}
