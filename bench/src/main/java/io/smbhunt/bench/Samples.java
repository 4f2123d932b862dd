package io.smbhunt.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The bundled real samples ({@code samples/}, see its README for provenance) the benchmarks read.
 *
 * <p>Real data rather than generated lines because the decoders' cost depends on the mix: ~97% of
 * an archive's lines are rejected on a few bytes, and the rest are long 5145s with escaped paths.
 */
final class Samples {

  /** System property naming the repository root; passed on to JMH's forked JVMs. */
  static final String ROOT_PROPERTY = "smbhunt.root";

  static final String HOST_EVENTS =
      "samples/security-datasets/covenant_copy_smb_CreateRequest_2020-09-22145302.json";
  static final String CAPTURE =
      "samples/security-datasets/covenant_copy_smb_CreateRequest_2020-09-22145302.cap";
  static final String ZEEK_JSON_DIR = "samples/zeek-wrccdc2018/zeek-json";
  static final String ZEEK_TSV_DIR = "samples/zeek-wrccdc2018/zeek-default";

  private Samples() {}

  /**
   * The repository root: {@code -Dsmbhunt.root}, else the working directory or the nearest of its
   * parents that holds the samples. Walking up lets the jar run from the root (the documented
   * command) as well as from {@code bench/} or an IDE whose working directory is the module.
   */
  static Path root() {
    String configured = System.getProperty(ROOT_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path root = Path.of(configured).toAbsolutePath().normalize();
      if (!Files.isRegularFile(root.resolve(HOST_EVENTS))) {
        throw new IllegalStateException(
            "-D" + ROOT_PROPERTY + "=" + configured + " has no " + HOST_EVENTS);
      }
      return root;
    }
    Path start = Path.of("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(HOST_EVENTS))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no "
            + HOST_EVENTS
            + " in "
            + start
            + " or its parents: run from the smbhunt checkout or pass -D"
            + ROOT_PROPERTY
            + "=/path/to/smbhunt");
  }

  static Path file(String relative) {
    return root().resolve(relative);
  }

  /** The files of a sample folder, by name, so every run sees the lines in the same order. */
  static List<Path> files(String relativeDir) {
    try (Stream<Path> s = Files.list(root().resolve(relativeDir))) {
      return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A file's bytes, gunzipped when its name ends in {@code .gz}: decompression is done here, in
   * setup, because the benchmarks measure decoding, not inflate.
   */
  static byte[] read(Path file) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
