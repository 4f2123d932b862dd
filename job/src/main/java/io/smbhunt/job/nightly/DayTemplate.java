package io.smbhunt.job.nightly;

import io.smbhunt.job.cli.UsageException;
import io.smbhunt.job.read.RecordFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An input path with the day in it, as archives are laid out: {@code s3://logs/{yyyy}/{MM}/{dd}/}
 * or {@code /archive/dt={date}/}. Placeholders: {@code {yyyy}}, {@code {MM}}, {@code {dd}}, {@code
 * {date}} (YYYY-MM-DD).
 */
public final class DayTemplate {

  private DayTemplate() {}

  /** Checks that {@code template} names a day at all, or throws a usage error. */
  public static void check(String template) {
    boolean hasDay = template.contains("{date}") || template.contains("{dd}");
    String rest =
        template
            .replace("{yyyy}", "")
            .replace("{MM}", "")
            .replace("{dd}", "")
            .replace("{date}", "");
    if (!hasDay || rest.contains("{") || rest.contains("}")) {
      throw new UsageException(
          "--input-template needs {date} or {yyyy}/{MM}/{dd} placeholders and no others, got '"
              + template
              + "'");
    }
  }

  public static String expand(String template, LocalDate day) {
    return template
        .replace("{date}", day.toString())
        .replace("{yyyy}", String.format("%04d", day.getYear()))
        .replace("{MM}", String.format("%02d", day.getMonthValue()))
        .replace("{dd}", String.format("%02d", day.getDayOfMonth()));
  }

  /**
   * A day's inputs from {@code --input-template}s.
   *
   * @param names each template expanded for the day, without its {@code FORMAT:} prefix
   * @param formats the names whose template had a {@code FORMAT:} prefix, to that format
   */
  public record DayInputs(List<String> names, Map<String, RecordFormat> formats) {}

  /** Every template (with its optional {@code FORMAT:} prefix) expanded for {@code day}. */
  public static DayInputs inputs(List<String> templates, LocalDate day) {
    List<String> names = new ArrayList<>();
    Map<String, RecordFormat> formats = new HashMap<>();
    for (String template : templates) {
      String path = expand(RecordFormat.withoutPrefix(template), day);
      names.add(path);
      RecordFormat forced = RecordFormat.prefixOf(template);
      if (forced != null) {
        formats.put(path, forced);
      }
    }
    return new DayInputs(names, formats);
  }
}
