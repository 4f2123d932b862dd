package io.smbhunt.job.cli;

import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.read.RecordFormat;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;

/**
 * What the command line asked for.
 *
 * @param profile {@code null} when not given: the config file decides
 * @param config {@code null} when not given: the built-in defaults
 * @param inputFormats inputs given as {@code FORMAT:PATH} → that format
 * @param watch {@code null}, or how often to look for new files (streaming, never ends)
 * @param days the input days of a nightly/backfill run ({@code --date}, {@code --from/--to})
 * @param inputTemplates input paths with day placeholders, for those days
 */
public record RunOptions(
    List<String> inputs,
    Map<String, RecordFormat> inputFormats,
    String output,
    Profile profile,
    int parallelism,
    RuntimeExecutionMode mode,
    String config,
    boolean overwrite,
    boolean includeAllowlisted,
    boolean skipUnusedEventIds,
    Duration watch,
    List<LocalDate> days,
    List<String> inputTemplates) {

  /** A nightly or backfill run: one hunt per day of {@link #days}, inputs from the templates. */
  public boolean isBackfill() {
    return !days.isEmpty();
  }
}
