package io.smbhunt.job.read;

import static io.smbhunt.job.read.ReadFixtures.flinkPath;
import static io.smbhunt.job.read.ReadFixtures.gzip;
import static io.smbhunt.job.read.ReadFixtures.utf8;
import static io.smbhunt.job.read.ReadFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The file source in a real Flink job: recursive directories, hidden files, no Kryo. */
class ArchiveSourcesTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir Path tmp;

  @Test
  void aJobReadsEveryLineOfEveryFileExactlyOnce() throws Exception {
    Path dir = tmp.resolve("archive");
    Path plain = write(dir.resolve("a.json"), utf8("a1\na2\r\n\na4"));
    Path gz = write(dir.resolve("sub/b.json.gz"), gzip(utf8("b1\nb2\n")));
    Path deep = write(dir.resolve("sub/deeper/c.log"), utf8("c1\n"));
    // Left behind by other tools: never meant to be read.
    write(dir.resolve("_SUCCESS"), utf8("marker\n"));
    write(dir.resolve(".a.json.crc"), utf8("crc\n"));
    write(dir.resolve("_temporary/part-0"), utf8("partial\n"));

    List<String> read = run(ArchiveSources.fileSource(List.of(flinkPath(dir)), 1024));

    assertThat(read)
        .containsExactlyInAnyOrder(
            key(plain, 1, "a1"),
            key(plain, 2, "a2"),
            key(plain, 3, ""),
            key(plain, 4, "a4"),
            key(gz, 1, "b1"),
            key(gz, 2, "b2"),
            key(deep, 1, "c1"));
  }

  /** A folder and a file in it, or the same file twice (overlapping globs): each read once. */
  @Test
  void aFileNamedMoreThanOnceIsReadOnce() throws Exception {
    Path dir = tmp.resolve("archive");
    Path a = write(dir.resolve("a.json"), utf8("a1\n"));
    Path b = write(dir.resolve("sub/b.json"), utf8("b1\n"));

    List<String> read =
        run(
            ArchiveSources.fileSource(
                List.of(flinkPath(a), flinkPath(dir), flinkPath(b), flinkPath(a)), 1024));

    assertThat(read).containsExactlyInAnyOrder(key(a, 1, "a1"), key(b, 1, "b1"));
  }

  @Test
  void aHiddenLookingPathTheUserNamedIsStillRead() throws Exception {
    Path named = write(tmp.resolve("_archive.log.gz"), gzip(utf8("x\n")));
    Path namedDir = tmp.resolve(".logs");
    Path inside = write(namedDir.resolve("y.log"), utf8("y\n"));
    write(namedDir.resolve(".y.log.crc"), utf8("crc\n"));

    List<String> read =
        run(ArchiveSources.fileSource(List.of(flinkPath(named), flinkPath(namedDir)), 1024));

    assertThat(read).containsExactlyInAnyOrder(key(named, 1, "x"), key(inside, 1, "y"));
  }

  @Test
  void aMonitorIntervalMakesTheSourceUnbounded() {
    List<org.apache.flink.core.fs.Path> in = List.of(flinkPath(tmp));

    assertThat(ArchiveSources.fileSource(in, 1024).getBoundedness()).isEqualTo(Boundedness.BOUNDED);
    assertThat(ArchiveSources.fileSource(in, 1024, Duration.ofSeconds(5)).getBoundedness())
        .isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
  }

  @Test
  void capturesAreFoundInNestedFoldersButNotInHiddenOnes() throws Exception {
    Path logs = write(tmp.resolve("logs/a.json"), utf8("{}\n"));
    write(tmp.resolve("logs/_temporary/x.pcap"), utf8("left behind"));
    write(tmp.resolve("logs/.y.pcap"), utf8("hidden"));
    Path dir = tmp.resolve("logs");
    assertThat(ArchiveSources.anyCaptures(List.of(flinkPath(dir)))).isFalse();
    assertThat(ArchiveSources.anyCaptures(List.of(flinkPath(logs)))).isFalse();

    write(tmp.resolve("logs/sensor/day1/eth0.pcap17.gz"), utf8("rotated, compressed"));
    assertThat(ArchiveSources.anyCaptures(List.of(flinkPath(dir)))).isTrue();
    Path named = write(tmp.resolve("_one.cap"), utf8("named by the user"));
    assertThat(ArchiveSources.anyCaptures(List.of(flinkPath(logs), flinkPath(named)))).isTrue();
  }

  private static List<String> run(FileSource<RawLine> source) throws Exception {
    Configuration conf = new Configuration();
    // RawLine must travel as a POJO: the job forbids Kryo.
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    List<String> read = new ArrayList<>();
    try (CloseableIterator<RawLine> lines =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "read").executeAndCollect()) {
      lines.forEachRemaining(l -> read.add(l.source + ":" + l.line + ":" + ReadFixtures.text(l)));
    }
    return read;
  }

  private static String key(Path file, long line, String text) {
    return flinkPath(file) + ":" + line + ":" + text;
  }
}
