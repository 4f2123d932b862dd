package io.smbhunt.job.nightly;

import io.smbhunt.job.cli.UsageException;
import java.time.LocalDate;

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
}
