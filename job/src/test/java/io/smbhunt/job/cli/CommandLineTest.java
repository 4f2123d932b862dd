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
              "--include-allowlisted",
              "--skip-unused-event-ids"
            });
    assertThat(o.inputs()).containsExactly("/logs/zeek", "s3://bucket/win");
    assertThat(o.inputFormats())
        .containsExactly(
            java.util.Map.entry("/logs/zeek", io.smbhunt.job.read.RecordFormat.ZEEK_TSV));
    assertThat(o.watch()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(o.includeAllowlisted()).isTrue();
    assertThat(o.skipUnusedEventIds()).isTrue();
  }

  @Test
  void expandsADayRangeAndKeepsTemplateFormats() {
    RunOptions o =
        CommandLine.parse(
            new String[] {
              "--from",
              "2020-02-28",
              "--to",
              "2020-03-01",
              "--output",
              "/o",
              "--input-template",
              "zeek-json:s3://logs/{yyyy}/{MM}/{dd}/zeek",
              "--input-template",
              "/win/dt={date}"
            });
    assertThat(o.days())
        .containsExactly(
            java.time.LocalDate.parse("2020-02-28"),
            java.time.LocalDate.parse("2020-02-29"),
            java.time.LocalDate.parse("2020-03-01"));
    assertThat(o.isBackfill()).isTrue();
    assertThat(o.inputTemplates())
        .containsExactly("zeek-json:s3://logs/{yyyy}/{MM}/{dd}/zeek", "/win/dt={date}");
    assertThat(
            io.smbhunt.job.nightly.DayTemplate.expand(
                "s3://logs/{yyyy}/{MM}/{dd}/x-{date}", java.time.LocalDate.parse("2020-03-01")))
        .isEqualTo("s3://logs/2020/03/01/x-2020-03-01");
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
        "--output /o --date 2020-13-01 --input-template /a/{date}|--date accepts a day as YYYY-MM-DD, today or yesterday, got '2020-13-01'",
        "--output /o --date 2020-09-22|--date/--from/--to need --input-template: where each day is",
        "--output /o --from 2020-09-22 --input-template /a/{date}|--from and --to go together: the first and last day, inclusive",
        "--output /o --from 2020-09-23 --to 2020-09-22 --input-template /a/{date}|--to 2020-09-22 is before --from 2020-09-23",
        "--output /o --date 2020-09-22 --input-template /a/logs|--input-template needs {date} or {yyyy}/{MM}/{dd} placeholders and no others, got '/a/logs'",
        "--output /o --input-template /a/{date}|--input-template needs --date, or --from and --to",
        "--input /b --output /o --date 2020-09-22 --input-template /a/{date}|--input and --date/--from/--to do not mix: use --input-template",
      })
  void rejectsBadArgumentsWithOneLineNamingTheFlag(String args, String message) {
    assertThatThrownBy(() -> CommandLine.parse(args.split(" ")))
        .isInstanceOf(UsageException.class)
        .hasMessage(message);
  }

  /** What a shell makes of {@code --input logs/*.json.gz zeek:…}: several paths after one flag. */
  @Test
  void readsSeveralPathsAfterOneInputAsAShellGlobGivesThem() {
    RunOptions o =
        CommandLine.parse(
            new String[] {
              "--input", "/logs/a.json.gz", "/logs/b.json.gz", "zeek-json:/logs/smb_files.log",
              "--output", "/o", "--input", "/more"
            });
    assertThat(o.inputs())
        .containsExactly("/logs/a.json.gz", "/logs/b.json.gz", "/logs/smb_files.log", "/more");
    assertThat(o.inputFormats())
        .containsExactly(
            java.util.Map.entry("/logs/smb_files.log", io.smbhunt.job.read.RecordFormat.ZEEK_JSON));
    assertThat(CommandLine.parse(new String[] {"--input", "/a", "/b", "-h"})).isNull();
    // Only after --input: a stray path elsewhere is still an error, and so after --input=PATH.
    assertThatThrownBy(() -> CommandLine.parse(new String[] {"--input=/a", "/b", "--output", "/o"}))
        .hasMessage("unknown argument '/b' (see --help for the flags smbhunt accepts)");
    assertThatThrownBy(
            () -> CommandLine.parse(new String[] {"--input", "/a", "--output", "/o", "/b"}))
        .hasMessage("unknown argument '/b' (see --help for the flags smbhunt accepts)");
  }

  @Test
  void acceptsFlagValuesThatLookLikeFlagsOnlyInlined() {
    assertThat(
            CommandLine.parse(List.of("--input=/x", "--output=/o").toArray(new String[0])).inputs())
        .containsExactly("/x");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--input|jsonl:tmp/x",
        "--input|zeekjson:samples/zeek",
        "--input-template|tsv:a/{date}",
      })
  void anUnknownFormatPrefixNamesTheFormats(String flag, String input) {
    String[] args = {flag, input, "--output", "/o", "--date", "2020-09-22"};
    String name = input.substring(0, input.indexOf(':'));
    assertThatThrownBy(() -> CommandLine.parse(args))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            flag
                + ": unknown format '"
                + name
                + "' in '"
                + input
                + "'; formats are windows, zeek-json, zeek-tsv, suricata, car (or give a path or"
                + " a URI such as s3://bucket/dir)");
  }

  @Test
  void formatNamesAreCaseInsensitiveAndUrisAndPathsWithColonsNameNone() {
    RunOptions o =
        CommandLine.parse(
            new String[] {
              "--input",
              "ZEEK-JSON:/logs/zeek",
              "s3://bucket/win",
              "hdfs://nn:8020/logs",
              "file:/local/logs",
              "hdfs:/archive/2020/09",
              "file:///local/more",
              "C:\\logs",
              "./a:b",
              "/x/a:b",
              "--output",
              "/o"
            });
    assertThat(o.inputs())
        .containsExactly(
            "/logs/zeek",
            "s3://bucket/win",
            "hdfs://nn:8020/logs",
            "file:/local/logs",
            "hdfs:/archive/2020/09",
            "file:///local/more",
            "C:\\logs",
            "./a:b",
            "/x/a:b");
    assertThat(o.inputFormats())
        .containsExactly(
            java.util.Map.entry("/logs/zeek", io.smbhunt.job.read.RecordFormat.ZEEK_JSON));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--input /a --output /o --profile seed --profile default|--profile",
        "--input /a --output /o --output=/p|--output",
        "--input /a --output /o --parallelism 2 --parallelism=4|--parallelism",
        "--output /o --input-template /a/{date} --date today --date yesterday|--date",
      })
  void aSingleValuedFlagGivenTwiceIsAnError(String args, String flag) {
    assertThatThrownBy(() -> CommandLine.parse(args.split(" ")))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            flag
                + " is given more than once; it takes one value (only --input and"
                + " --input-template are repeatable)");
  }

  @Test
  void inputAndInputTemplateStayRepeatable() {
    assertThat(
            CommandLine.parse(new String[] {"--input", "/a", "--input", "/b", "--output", "/o"})
                .inputs())
        .containsExactly("/a", "/b");
    assertThat(
            CommandLine.parse(
                    new String[] {
                      "--output",
                      "/o",
                      "--date",
                      "today",
                      "--input-template",
                      "/a/{date}",
                      "--input-template",
                      "/b/{date}"
                    })
                .inputTemplates())
        .containsExactly("/a/{date}", "/b/{date}");
  }
}
