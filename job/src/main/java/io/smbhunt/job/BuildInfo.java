package io.smbhunt.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.flink.runtime.util.EnvironmentInformation;

/**
 * Which smbhunt and which Flink produced a run, for its manifest: a hunt's rows are only as
 * trustworthy as the build that found them, and a cluster runs its own Flink, which may differ from
 * the one smbhunt was built against. The version comes from a resource Maven fills in, so it is
 * known in tests and in IDE runs too, not only inside a jar with a manifest.
 */
public final class BuildInfo {

  private static final Properties BUILD = load();

  private BuildInfo() {}

  /** smbhunt's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return BUILD.getProperty("version");
  }

  /** The Flink version on the classpath of this run (on a cluster: the cluster's own). */
  public static String flinkVersionRunning() {
    return EnvironmentInformation.getVersion();
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        throw new IllegalStateException("build.properties missing from the smbhunt jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
