package io.smbhunt.job.nightly;

import io.smbhunt.job.cli.UsageException;
import io.smbhunt.job.read.Inputs;
import io.smbhunt.job.read.RecordFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;

/**
 * The day before a nightly run's day D, read as context ({@code nightly.previous_day_context}): a
 * chain or a Suricata flow that began on D-1 and ends on D is completed by D's hunt, which reads
 * both days as one input and keeps the rows with an event of its own day.
 *
 * @param day D-1
 * @param names D-1's inputs that exist: every template expanded for D-1 (for the manifest)
 * @param formats the names whose template had a {@code FORMAT:} prefix, to that format
 * @param inputs {@code names} as checked (qualified), in the same order
 * @param warnings one per template whose D-1 input is missing, or a folder without files to read: D
 *     is hunted without it
 */
public record PreviousDay(
    LocalDate day,
    List<String> names,
    Map<String, RecordFormat> formats,
    List<Path> inputs,
    List<String> warnings) {

  /**
   * D-1's inputs for the hunt of {@code day}, whose own inputs are {@code own}. A missing one (the
   * first day of an archive, a folder not yet landed) is no error: D's own input is complete, and
   * only the chains that began there go unfinished, which a warning says.
   */
  public static PreviousDay of(List<String> templates, LocalDate day, List<String> own) {
    LocalDate previous = day.minusDays(1);
    DayTemplate.DayInputs expanded = DayTemplate.inputs(templates, previous);
    List<String> names = new ArrayList<>();
    Map<String, RecordFormat> formats = new HashMap<>();
    List<Path> inputs = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String name : expanded.names()) {
      if (own.contains(name) || names.contains(name)) {
        continue; // the same path on both days (or twice) is D's own input, read once
      }
      List<Path> checked;
      try {
        checked = Inputs.check(List.of(name));
      } catch (UsageException missing) {
        warnings.add(withoutContext(day, missing.getMessage()));
        continue;
      }
      if (!Inputs.foldersWithoutFiles(checked).isEmpty()) {
        // A folder made but never filled (an export that did not arrive) is as good as missing.
        warnings.add(withoutContext(day, "--input " + name + " holds no files to read"));
      }
      inputs.addAll(checked);
      names.add(name);
      RecordFormat forced = expanded.formats().get(name);
      if (forced != null) {
        formats.put(name, forced);
      }
    }
    return new PreviousDay(previous, names, formats, inputs, warnings);
  }

  private static String withoutContext(LocalDate day, String why) {
    return day
        + ": hunted without the previous day's context from this input ("
        + why
        + "): a chain that began on "
        + day.minusDays(1)
        + " there is not completed";
  }
}
