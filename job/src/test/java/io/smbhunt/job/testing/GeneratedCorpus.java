package io.smbhunt.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A corpus written by {@code ../shared/tools/gen_events.py}, the independent generator with an
 * exact ground truth. Found at {@code $SMBHUNT_SHARED} or {@code ../../shared} from the module.
 */
public final class GeneratedCorpus {

  public final Path dir;
  public final JsonNode groundTruth;

  private GeneratedCorpus(Path dir) throws IOException {
    this.dir = dir;
    this.groundTruth = new ObjectMapper().readTree(dir.resolve("ground_truth.json").toFile());
  }

  public static Path sharedDir() {
    String env = System.getenv("SMBHUNT_SHARED");
    Path shared = env != null ? Path.of(env) : Path.of("../../shared");
    Path generator = shared.resolve("tools/gen_events.py");
    if (!Files.isRegularFile(generator)) {
      throw new IllegalStateException(
          "gen_events.py not found at " + generator.toAbsolutePath() + " (set SMBHUNT_SHARED)");
    }
    return shared.toAbsolutePath().normalize();
  }

  /** Generates a corpus into {@code dir} with the generator's {@code gen} arguments. */
  public static GeneratedCorpus generate(Path dir, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("python3");
    cmd.add(sharedDir().resolve("tools/gen_events.py").toString());
    cmd.add("gen");
    cmd.add("--out");
    cmd.add(dir.toString());
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolveSibling(dir.getFileName() + ".gen.log").toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("gen_events.py failed: " + cmd);
    }
    return new GeneratedCorpus(dir);
  }

  /** The data files, in the order the generator listed them. */
  public List<Path> files() {
    List<Path> files = new ArrayList<>();
    for (JsonNode f : groundTruth.get("files")) {
      files.add(dir.resolve(f.get("name").asText()));
    }
    return files;
  }

  public long expectedSeed(String analytic) {
    return groundTruth.get("expected_rows_seed").get(analytic).asLong();
  }

  public long expectedDefault(String analytic) {
    return groundTruth.get("expected_rows_default").get(analytic).asLong();
  }

  public long invalidLines() {
    return groundTruth.get("invalid_lines").asLong();
  }

  public long linesTotal() {
    return groundTruth.get("lines_total").asLong();
  }
}
