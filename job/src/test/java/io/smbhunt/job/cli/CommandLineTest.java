package io.smbhunt.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smbhunt.job.analytics.Profile;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {

  @Test
  void readsTheDocumentedFlags() {
    RunOptions o =
        CommandLine.parse(
            new String[] {
              "--input", "/a", "--input=/b.json.gz", "--output", "/out", "--profile", "seed",
              "--parallelism", "4", "--mode", "streaming", "--config", "c.yaml", "--overwrite"
            });
    assertThat(o.inputs()).containsExactly("/a", "/b.json.gz");
    assertThat(o.output()).isEqualTo("/out");
    assertThat(o.profile()).isEqualTo(Profile.SEED);
    assertThat(o.parallelism()).isEqualTo(4);
    assertThat(o.mode()).isEqualTo(RuntimeExecutionMode.STREAMING);
    assertThat(o.config()).isEqualTo("c.yaml");
    assertThat(o.overwrite()).isTrue();
  }

  @Test
  void defaultsToBatchWithoutProfileOrConfig() {
    RunOptions o = CommandLine.parse(new String[] {"--input", "/a", "--output", "/out"});
    assertThat(o.mode()).isEqualTo(RuntimeExecutionMode.BATCH);
    assertThat(o.profile()).isNull();
    assertThat(o.config()).isNull();
    assertThat(o.overwrite()).isFalse();
    assertThat(o.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void readsFormatPrefixesWatchAndAllowlistFlags() {
    RunOptions o =
        CommandLine.parse(
            new String[] {
              "--input",
              "zeek-tsv:/logs/zeek",
              "--input",
              "s3://bucket/win",
              "--output",
              "/o",
              "--mode",
              "streaming",
              "--watch",
              "60s",
              "--include-allowlisted"
            });
    assertThat(o.inputs()).containsExactly("/logs/zeek", "s3://bucket/win");
    assertThat(o.inputFormats())
        .containsExactly(
            java.util.Map.entry("/logs/zeek", io.smbhunt.job.read.RecordFormat.ZEEK_TSV));
    assertThat(o.watch()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(o.includeAllowlisted()).isTrue();
  }

  @Test
  void helpReturnsNoOptions() {
    assertThat(CommandLine.parse(new String[] {"--help"})).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--output /o|--input is required: an archive file or directory",
        "--input /a|--output is required: the directory to write detections to",
        "--input /a --output /o --profile fast|--profile accepts seed or default, got 'fast'",
        "--input /a --output /o --mode turbo|--mode accepts batch or streaming, got 'turbo'",
        "--input /a --output /o --parallelism 0|--parallelism accepts a whole number from 1 to 512, got '0'",
        "--input /a --output /o --parallelism two|--parallelism accepts a whole number from 1 to 512, got 'two'",
        "--input /a --output /o --colour|unknown argument '--colour' (see --help for the flags smbhunt accepts)",
        "--input --output /o|--input needs a value",
        "--input /a --output|--output needs a value",
        "--input /a --output /o --mode streaming --watch soon|--watch accepts an interval such as 30s, 5m or 1h, got 'soon'",
        "--input /a --output /o --watch 30s|--watch needs --mode streaming (a batch job ends with its input)",
      })
  void rejectsBadArgumentsWithOneLineNamingTheFlag(String args, String message) {
    assertThatThrownBy(() -> CommandLine.parse(args.split(" ")))
        .isInstanceOf(UsageException.class)
        .hasMessage(message);
  }

  @Test
  void acceptsFlagValuesThatLookLikeFlagsOnlyInlined() {
    assertThat(
            CommandLine.parse(List.of("--input=/x", "--output=/o").toArray(new String[0])).inputs())
        .containsExactly("/x");
  }
}
