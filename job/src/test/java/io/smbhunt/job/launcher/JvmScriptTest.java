package io.smbhunt.job.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jvm.sh}, the launcher's choice of JVM, options and start-up archive, run by bash
 * against a stand-in {@code java} that reports a given version and "records" the archive it is
 * asked for: which archive each JDK gets, that it is recorded once per build, and the one-line
 * errors for a missing or too old Java.
 */
class JvmScriptTest {

  private static final Path JVM_SH = Paths.get("..", "bin", "jvm.sh").toAbsolutePath().normalize();

  @TempDir Path dir;

  private record Result(int exit, List<String> out, String err) {}

  /** A JAVA_HOME whose bin/java reports {@code version} and logs every call to calls.log. */
  private Path fakeJdk(String version) throws IOException {
    Path home = dir.resolve("jdk-" + version);
    Files.createDirectories(home.resolve("bin"));
    Path java = home.resolve("bin/java");
    Files.writeString(
        java,
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "echo \"$*\" >> \"" + dir.resolve("calls.log") + "\"",
            "for a in \"$@\"; do",
            "  case \"$a\" in",
            "    -XshowSettings:properties) echo '    java.vm.version = " + version + "' >&2 ;;",
            "    -XX:AOTCacheOutput=*) touch \"${a#*=}\" ;;",
            "    -XX:ArchiveClassesAtExit=*) touch \"${a#*=}\" ;;",
            "  esac",
            "done",
            ""));
    assertThat(java.toFile().setExecutable(true)).isTrue();
    return home;
  }

  private Result run(Path javaHome, String... env) throws Exception {
    Path root = dir.resolve("root");
    Files.createDirectories(root.resolve("job/target"));
    Path jar = root.resolve("job/target/smbhunt-job.jar");
    if (!Files.exists(jar)) {
      Files.writeString(jar, "jar");
      Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }
    String script =
        "set -euo pipefail; ROOT='"
            + root
            + "'; JAR='"
            + jar
            + "'; CP=\"$JAR\"; source '"
            + JVM_SH
            + "'; smbhunt_jvm_setup; printf '%s\\n' \"$SMBHUNT_JAVA\" \"${SMBHUNT_JVM_OPTS[@]}\"";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script);
    pb.environment().remove("SMBHUNT_JAVA_OPTS");
    pb.environment().remove("SMBHUNT_JIT_OPTS");
    pb.environment().remove("SMBHUNT_CDS");
    pb.environment().put("JAVA_HOME", javaHome.toString());
    for (int i = 0; i < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.exitValue(), out.lines().toList(), err);
  }

  /**
   * The module openings of Flink's {@code env.java.opts.all}: without them Flink's enrichment of an
   * OutOfMemoryError fails and hides it behind an InaccessibleObjectException.
   */
  private static final List<String> FLINK_MODULE_OPTS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  /** What the launcher prints: the java, Flink's module openings, then {@code options}. */
  private static List<String> launch(String java, String... options) {
    List<String> all = new java.util.ArrayList<>();
    all.add(java);
    all.addAll(FLINK_MODULE_OPTS);
    all.addAll(List.of(options));
    return all;
  }

  /** The options of the run that recorded the archive: the same module openings as every run. */
  @Test
  void theRecordingRunHasFlinksModuleOpeningsToo() throws Exception {
    run(fakeJdk("17.0.15+6-Debian-1deb12u1"));
    List<String> recording =
        Files.readAllLines(dir.resolve("calls.log")).stream()
            .filter(l -> l.contains("ArchiveClassesAtExit"))
            .toList();
    assertThat(recording).hasSize(1);
    assertThat(recording.get(0)).startsWith(String.join(" ", FLINK_MODULE_OPTS) + " -XX:");
  }

  private long recordings() throws IOException {
    Path calls = dir.resolve("calls.log");
    if (!Files.exists(calls)) {
      return 0;
    }
    return Files.readAllLines(calls).stream()
        .filter(l -> l.contains("AOTCacheOutput") || l.contains("ArchiveClassesAtExit"))
        .count();
  }

  @Test
  void jdk25GetsAnAotCacheRecordedOncePerBuild() throws Exception {
    Path jdk = fakeJdk("25.0.3+9-LTS");
    Path cache = dir.resolve("root/job/target/smbhunt-25.0.3_9_LTS.aot");

    Result first = run(jdk);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out())
        .containsExactlyElementsOf(
            launch(
                jdk.resolve("bin/java").toString(),
                "-XX:FreqInlineSize=50",
                "-XX:InlineSmallCode=500",
                "-Xmx2g",
                "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED",
                "-XX:AOTCache=" + cache,
                "-Xlog:aot*=error"));
    assertThat(recordings()).isEqualTo(1);

    assertThat(run(jdk).out()).isEqualTo(first.out());
    assertThat(recordings()).as("recorded once per build").isEqualTo(1);

    Files.setLastModifiedTime(
        dir.resolve("root/job/target/smbhunt-job.jar"),
        FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    run(jdk);
    assertThat(recordings()).as("a newer jar is recorded again").isEqualTo(2);
  }

  @Test
  void jdk17GetsTheClassDataArchiveAndTheUsersOptions() throws Exception {
    Path jdk = fakeJdk("17.0.15+6-Debian-1deb12u1");
    Path archive = dir.resolve("root/job/target/smbhunt-17.0.15_6_Debian_1deb12u1.jsa");
    Result r = run(jdk, "SMBHUNT_JAVA_OPTS", "-Xmx1g -XX:+UseParallelGC");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .containsExactlyElementsOf(
            launch(
                jdk.resolve("bin/java").toString(),
                "-XX:FreqInlineSize=50",
                "-XX:InlineSmallCode=500",
                "-Xmx1g",
                "-XX:+UseParallelGC",
                "-XX:SharedArchiveFile=" + archive,
                "-Xshare:auto"));
  }

  @Test
  void smbhuntJitOptsReplacesTheInliningOptionsAndEmptyKeepsHotSpotsDefaults() throws Exception {
    Path jdk = fakeJdk("17.0.15+6-Debian-1deb12u1");
    String java = jdk.resolve("bin/java").toString();
    Result own = run(jdk, "SMBHUNT_JIT_OPTS", "-XX:MaxInlineLevel=9", "SMBHUNT_CDS", "0");
    assertThat(own.exit()).as(own.err()).isZero();
    assertThat(own.out()).containsExactlyElementsOf(launch(java, "-XX:MaxInlineLevel=9", "-Xmx2g"));

    Result none = run(jdk, "SMBHUNT_JIT_OPTS", "", "SMBHUNT_CDS", "0");
    assertThat(none.exit()).as(none.err()).isZero();
    assertThat(none.out()).containsExactlyElementsOf(launch(java, "-Xmx2g"));
  }

  @Test
  void smbhuntCdsZeroRecordsNothing() throws Exception {
    Result r = run(fakeJdk("25.0.3+9-LTS"), "SMBHUNT_CDS", "0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).noneMatch(o -> o.startsWith("-XX:AOTCache"));
    assertThat(recordings()).isZero();
  }

  @Test
  void aMissingOrTooOldJavaIsAOneLineErrorAndExit2() throws Exception {
    Result missing = run(dir.resolve("no-such-jdk"));
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip())
        .startsWith("smbhunt: no Java at ")
        .contains("JAVA_HOME")
        .doesNotContain("\n");

    Result old = run(fakeJdk("11.0.2+9"));
    assertThat(old.exit()).isEqualTo(2);
    assertThat(old.err().strip())
        .isEqualTo(
            "smbhunt: needs Java 17 or newer; "
                + dir.resolve("jdk-11.0.2+9/bin/java")
                + " reports '11.0.2+9'");
  }
}
