package io.smbhunt.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smbhunt.job.analytics.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmbHuntConfigTest {

  static final Path SHIPPED = Path.of("../conf/smbhunt.yaml");

  @TempDir Path dir;

  @Test
  void theShippedFileSaysWhatTheBuiltInDefaultsAre() {
    assertThat(SmbHuntConfig.load(SHIPPED).describe()).isEqualTo(new SmbHuntConfig().describe());
  }

  @Test
  void readsEverySetting() throws IOException {
    SmbHuntConfig c =
        load(
            "profile: seed\n"
                + "read: {max_line_bytes: 1024, quarantine_raw_bytes: 10}\n"
                + "time: {max_out_of_orderness: 2m, source_idleness: 5s}\n"
                + "windows: {session_window: PT2H, file_window: 90s}\n"
                + "streaming: {checkpoint_interval: 500ms}\n"
                + "nightly: {previous_day_context: false}\n");
    assertThat(c.profile).isEqualTo(Profile.SEED);
    assertThat(c.maxLineBytes).isEqualTo(1024);
    assertThat(c.quarantineRawBytes).isEqualTo(10);
    assertThat(c.maxOutOfOrderness).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.sourceIdleness).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.sessionWindow).isEqualTo(Duration.ofHours(2));
    assertThat(c.fileWindow).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.checkpointInterval).isEqualTo(Duration.ofMillis(500));
    assertThat(c.previousDayContext).isFalse();
  }

  @Test
  void aNightlyDayReadsThePreviousDayAsContextUnlessTurnedOff() throws IOException {
    assertThat(new SmbHuntConfig().previousDayContext).isTrue();
    assertThat(load("nightly: {}").previousDayContext).isTrue();
    assertThat(new SmbHuntConfig().describe()).containsEntry("nightly.previous_day_context", true);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "profile: fast|c.yaml: profile: accepts seed or default, got 'fast'",
        "colour: blue|c.yaml: unknown setting 'colour' (known: ",
        "read: {max_lines: 3}|c.yaml: unknown setting 'read.max_lines' (known: ",
        "read: {max_line_bytes: -1}|c.yaml: read.max_line_bytes: accepts a whole number above 0, got '-1'",
        "read: {max_line_bytes: lots}|c.yaml: read.max_line_bytes: accepts a whole number above 0, got 'lots'",
        "windows: {session_window: soon}|c.yaml: windows.session_window: expected a duration such as",
        "windows: {file_window: 0s}|c.yaml: windows.file_window: accepts a duration above 0, got '0s'",
        "read: 3|c.yaml: read: expected a mapping of settings",
        "nightly: {previous_day_context: sometimes}|c.yaml: nightly.previous_day_context: accepts true or false, got 'sometimes'",
        "nightly: {previous_day: true}|c.yaml: unknown setting 'nightly.previous_day' (known: previous_day_context)",
      })
  void rejectsBadSettingsWithOneLineNamingThem(String yaml, String messageStart) {
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(messageStart)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void namesTheFileItCannotRead() {
    assertThatThrownBy(() -> SmbHuntConfig.load(dir.resolve("missing.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--config: cannot read " + dir.resolve("missing.yaml") + ": no such file");
    assertThatThrownBy(() -> SmbHuntConfig.load(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--config: cannot read " + dir + ": it is a directory");
  }

  @Test
  void brokenYamlIsReportedWithTheParsersLineAndColumn() throws IOException {
    assertThatThrownBy(() -> load("profile: seed\nread: {max_line_bytes: 10\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "--config: "
                + dir.resolve("c.yaml")
                + " is not valid YAML (line 2, column 26): while parsing a flow mapping");
  }

  @Test
  void formatsDurationsTheWayItReadsThem() {
    for (String s : new String[] {"500ms", "30s", "10m", "1h", "2d", "90s"}) {
      assertThat(Durations.format(Durations.parse("x", s))).isEqualTo(s);
    }
  }

  private SmbHuntConfig load(String yaml) throws IOException {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, yaml);
    return SmbHuntConfig.load(file);
  }
}
