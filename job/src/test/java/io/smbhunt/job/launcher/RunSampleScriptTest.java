package io.smbhunt.job.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/run-sample}'s arguments, run by bash against a stand-in {@code bin/smbhunt} that
 * prints the arguments it gets: an optional output directory first, then flags for smbhunt.
 */
class RunSampleScriptTest {

  private static final Path RUN_SAMPLE =
      Paths.get("..", "bin", "run-sample").toAbsolutePath().normalize();

  @TempDir Path root;

  private List<String> smbhuntArgsOf(String... args) throws Exception {
    Files.createDirectories(root.resolve("bin"));
    Path script = root.resolve("bin/run-sample");
    Files.copy(RUN_SAMPLE, script, StandardCopyOption.REPLACE_EXISTING);
    Path smbhunt = root.resolve("bin/smbhunt");
    Files.writeString(smbhunt, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
    assertThat(smbhunt.toFile().setExecutable(true)).isTrue();
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
  }

  /** The last arguments: after the three inputs come --output DIR --overwrite, then the extras. */
  private static List<String> tail(List<String> args) throws IOException {
    return args.subList(args.indexOf("--output"), args.size());
  }

  @Test
  void flagsWithoutADirectoryGoToSmbhuntAndTheOutputIsTheDefault() throws Exception {
    assertThat(tail(smbhuntArgsOf("--profile", "seed")))
        .containsExactly(
            "--output",
            root.resolve("run-output/sample").toString(),
            "--overwrite",
            "--profile",
            "seed");
  }

  @Test
  void aDirectoryFirstIsTheOutputAndTheFlagsAfterItGoToSmbhunt() throws Exception {
    assertThat(tail(smbhuntArgsOf("/tmp/out", "--profile", "seed")))
        .containsExactly("--output", "/tmp/out", "--overwrite", "--profile", "seed");
    assertThat(tail(smbhuntArgsOf()))
        .containsExactly("--output", root.resolve("run-output/sample").toString(), "--overwrite");
  }
}
