package io.smbhunt.job.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smbhunt.job.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hunt's output folder: refused, cleared or, for a job restored from a savepoint, continued. */
class OutputDirectoryTest {

  private static final Set<String> TABLES = Set.of("smb_remote_file_1", "smb_remote_file_3");

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
    assertThatThrownBy(() -> prepare(out, false, false))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("is not empty (add --overwrite");
    assertThat(row).exists();

    prepare(out, true, false);
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void aJobRestoredFromASavepointContinuesIntoItsFolder() {
    prepare(out, false, true);

    assertThat(row).hasContent("row");
    assertThat(out.resolve("_manifest.json")).exists(); // rewritten when the hunt ends
    assertThat(out.resolve("_SUCCESS")).doesNotExist(); // it is running again
  }

  @Test
  void overwriteIsRefusedWhenRestoringFromASavepoint() {
    assertThatThrownBy(() -> prepare(out, true, true))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--overwrite cannot be used when restoring from a savepoint");
    assertThat(row).exists();
    assertThat(out.resolve("_SUCCESS")).exists();
  }

  @Test
  void overwriteClearsOnlyAHuntsOutput() throws IOException {
    Path notes = tmp.resolve("notes");
    Files.createDirectories(notes.resolve("logs"));
    Files.writeString(notes.resolve("todo.txt"), "keep me");

    assertThatThrownBy(() -> prepare(notes, true, false))
        .isInstanceOf(UsageException.class)
        .hasMessageEndingWith(
            "which is not a hunt's output; give an empty folder or an earlier hunt's");
    assertThat(notes.resolve("todo.txt")).hasContent("keep me");

    Path repository = tmp.resolve("repository");
    Files.createDirectories(repository.resolve(".git"));
    assertThatThrownBy(() -> prepare(repository, true, false))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(" holds '.git', ");
    assertThat(repository.resolve(".git")).isDirectory();

    Path backups = tmp.resolve("backups");
    Files.createDirectories(backups.resolve("_backup"));
    assertThatThrownBy(() -> prepare(backups, true, false))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(" holds '_backup', ");

    Path failedRun = tmp.resolve("failed"); // no manifest: the run died before its end
    Files.createDirectories(failedRun.resolve("smb_remote_file_3/date=2020-09-22"));
    Files.createDirectories(failedRun.resolve("_quarantine"));
    prepare(failedRun, true, false);
    assertThat(failedRun).isEmptyDirectory();
  }

  @Test
  void theOutputNeitherHoldsNorLiesInAnInput() throws IOException {
    Path logs = out.resolve("logs");
    Files.createDirectories(logs);
    Files.writeString(logs.resolve("events.json"), "{}");
    Path link = tmp.resolve("link-to-hunt");
    Files.createSymbolicLink(link, out);

    for (Path input : List.of(out, logs, logs.resolve("events.json"), link)) {
      assertThatThrownBy(() -> prepare(out, List.of(input), true))
          .as("input %s", input)
          .isInstanceOf(UsageException.class)
          .hasMessageEndingWith(": give a folder outside the inputs");
    }
    assertThatThrownBy(() -> prepare(out.resolve("new/run"), List.of(out), true))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(" lies inside the input ");
    assertThat(logs.resolve("events.json")).exists();
    assertThat(row).exists();
  }

  private static org.apache.flink.core.fs.Path prepare(
      Path output, boolean overwrite, boolean resuming) {
    return OutputDirectory.prepare(output.toString(), List.of(), TABLES, overwrite, resuming);
  }

  private static void prepare(Path output, List<Path> inputs, boolean overwrite) {
    List<org.apache.flink.core.fs.Path> qualified =
        inputs.stream().map(p -> new org.apache.flink.core.fs.Path(p.toUri())).toList();
    OutputDirectory.prepare(output.toString(), qualified, TABLES, overwrite, false);
  }
}
