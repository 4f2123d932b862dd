package io.smbhunt.job.cli;

import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.config.ConfigException;
import io.smbhunt.job.config.Durations;
import io.smbhunt.job.nightly.DayTemplate;
import io.smbhunt.job.read.RecordFormat;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.RuntimeExecutionMode;

/**
 * Parses the smbhunt command line. The flags are a fixed contract (README "Command line"): later
 * versions add flags, they never rename these.
 */
public final class CommandLine {

  public static final String USAGE =
      String.join(
          "\n",
          "usage: smbhunt --input PATH [PATH ...] [--input PATH ...] --output DIR [options]",
          "",
          "  --input [FORMAT:]PATH [PATH ...]  archive files or directories (read",
          "                      recursively); repeatable, and a shell glob works:",
          "                      --input /archive/2020-09-*/*.json.gz.",
          "                      .gz .bz2 .xz .zip and tar archives (.tar .tar.gz .tgz",
          "                      .tar.bz2 .tar.xz) are read on the fly. The format of",
          "                      each file is recognised; FORMAT forces one of: windows,",
          "                      zeek-json, zeek-tsv, suricata, car",
          "  --output DIR        where detections, quarantine and the manifest are written",
          "  --profile NAME      seed | default (default: the config file's, else default)",
          "  --parallelism N     parallel tasks, 1..512 (default: the number of cores)",
          "  --mode MODE         batch | streaming (default: batch)",
          "  --config FILE       settings file (default: built-in, same as conf/smbhunt.yaml)",
          "  --overwrite         replace what is in --output (otherwise it must be empty)",
          "  --include-allowlisted  also report allow-listed named pipes (severity info)",
          "  --skip-unused-event-ids  count, without decoding, Windows event lines whose",
          "                      EventID no analytic reads: a faster decode pass, but those",
          "                      lines are not validated (config read.skip_unused_event_ids)",
          "  --watch INTERVAL    with --mode streaming: keep watching the input directories",
          "                      for new files every INTERVAL (e.g. 60s); runs until stopped",
          "",
          "Nightly and backfill runs (one hunt per day, each published atomically to",
          "<output>/input_date=YYYY-MM-DD/; a re-run replaces its day):",
          "  --date DAY          YYYY-MM-DD, today or yesterday",
          "  --from DAY --to DAY every day from..to, inclusive",
          "  --input-template [FORMAT:]T  an input path with {yyyy} {MM} {dd} or {date};",
          "                      repeatable, used instead of --input. Each day also reads",
          "                      the day before, to complete chains across midnight",
          "                      (config nightly.previous_day_context)",
          "  --help              print this text");

  /** The flags with one value; giving one of them twice is an error. */
  private static final Set<String> SINGLE_VALUED =
      Set.of(
          "--output",
          "--profile",
          "--parallelism",
          "--mode",
          "--config",
          "--watch",
          "--date",
          "--from",
          "--to");

  private CommandLine() {}

  /** Returns the options, or {@code null} when the user asked for {@code --help}. */
  public static RunOptions parse(String[] args) {
    List<String> inputs = new ArrayList<>();
    Map<String, RecordFormat> inputFormats = new LinkedHashMap<>();
    boolean includeAllowlisted = false;
    boolean skipUnusedEventIds = false;
    Duration watch = null;
    LocalDate date = null;
    LocalDate from = null;
    LocalDate to = null;
    List<String> templates = new ArrayList<>();
    String output = null;
    Profile profile = null;
    int parallelism = Runtime.getRuntime().availableProcessors();
    RuntimeExecutionMode mode = RuntimeExecutionMode.BATCH;
    String config = null;
    boolean overwrite = false;
    Set<String> singleValuedGiven = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String inlineValue = null;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        inlineValue = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      }
      if (SINGLE_VALUED.contains(flag) && !singleValuedGiven.add(flag)) {
        // Taking the last silently would run a hunt the user did not mean, e.g. a copied command
        // line's --profile seed followed by an appended --profile default.
        throw new UsageException(
            flag
                + " is given more than once; it takes one value (only --input and"
                + " --input-template are repeatable)");
      }
      switch (flag) {
        case "--help":
        case "-h":
          return null;
        case "--overwrite":
          overwrite = true;
          break;
        case "--include-allowlisted":
          includeAllowlisted = true;
          break;
        case "--skip-unused-event-ids":
          skipUnusedEventIds = true;
          break;
        case "--date":
          date = day(flag, inlineValue != null ? inlineValue : value(args, ++i, flag));
          break;
        case "--from":
          from = day(flag, inlineValue != null ? inlineValue : value(args, ++i, flag));
          break;
        case "--to":
          to = day(flag, inlineValue != null ? inlineValue : value(args, ++i, flag));
          break;
        case "--input-template":
          String template =
              nonEmpty(flag, inlineValue != null ? inlineValue : value(args, ++i, flag));
          refuseUnknownFormat(flag, template);
          RecordFormat templateFormat = RecordFormat.prefixOf(template);
          DayTemplate.check(
              templateFormat == null
                  ? template
                  : template.substring(templateFormat.id.length() + 1));
          templates.add(template);
          break;
        case "--watch":
          String w = inlineValue != null ? inlineValue : value(args, ++i, flag);
          try {
            watch = Durations.parse("--watch", w);
          } catch (ConfigException e) {
            throw new UsageException(
                "--watch accepts an interval such as 30s, 5m or 1h, got '" + w + "'");
          }
          if (watch.isZero() || watch.isNegative()) {
            throw new UsageException("--watch accepts an interval above 0, got '" + w + "'");
          }
          break;
        case "--input":
          addInput(
              flag,
              inlineValue != null ? inlineValue : value(args, ++i, flag),
              inputs,
              inputFormats);
          // More paths may follow one --input, as a shell expands `--input logs/*.json.gz`,
          // up to the next flag (-h included; a path starting with '-' is written ./-name).
          while (inlineValue == null && i + 1 < args.length && !args[i + 1].startsWith("-")) {
            addInput(flag, args[++i], inputs, inputFormats);
          }
          break;
        case "--output":
          output = nonEmpty(flag, inlineValue != null ? inlineValue : value(args, ++i, flag));
          break;
        case "--config":
          config = nonEmpty(flag, inlineValue != null ? inlineValue : value(args, ++i, flag));
          break;
        case "--profile":
          String p = inlineValue != null ? inlineValue : value(args, ++i, flag);
          profile = Profile.parse(p);
          if (profile == null) {
            throw new UsageException("--profile accepts seed or default, got '" + p + "'");
          }
          break;
        case "--parallelism":
          parallelism = parallelism(inlineValue != null ? inlineValue : value(args, ++i, flag));
          break;
        case "--mode":
          String m = inlineValue != null ? inlineValue : value(args, ++i, flag);
          if (m.equals("batch")) {
            mode = RuntimeExecutionMode.BATCH;
          } else if (m.equals("streaming")) {
            mode = RuntimeExecutionMode.STREAMING;
          } else {
            throw new UsageException("--mode accepts batch or streaming, got '" + m + "'");
          }
          break;
        default:
          throw new UsageException(
              "unknown argument '" + args[i] + "' (see --help for the flags smbhunt accepts)");
      }
    }
    List<LocalDate> days = days(date, from, to);
    if (!days.isEmpty()) {
      if (templates.isEmpty()) {
        throw new UsageException("--date/--from/--to need --input-template: where each day is");
      }
      if (!inputs.isEmpty()) {
        throw new UsageException("--input and --date/--from/--to do not mix: use --input-template");
      }
      if (watch != null) {
        throw new UsageException("--watch and --date/--from/--to do not mix");
      }
    } else if (!templates.isEmpty()) {
      throw new UsageException("--input-template needs --date, or --from and --to");
    } else if (inputs.isEmpty()) {
      throw new UsageException("--input is required: an archive file or directory");
    }
    if (output == null) {
      throw new UsageException("--output is required: the directory to write detections to");
    }
    if (watch != null && mode != RuntimeExecutionMode.STREAMING) {
      throw new UsageException("--watch needs --mode streaming (a batch job ends with its input)");
    }
    return new RunOptions(
        inputs,
        inputFormats,
        output,
        profile,
        parallelism,
        mode,
        config,
        overwrite,
        includeAllowlisted,
        skipUnusedEventIds,
        watch,
        days,
        templates);
  }

  /** YYYY-MM-DD, or {@code today}/{@code yesterday} (UTC) so a scheduler needs no shell. */
  private static LocalDate day(String flag, String text) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    switch (text) {
      case "today":
        return today;
      case "yesterday":
        return today.minusDays(1);
      default:
        try {
          return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
          throw new UsageException(
              flag + " accepts a day as YYYY-MM-DD, today or yesterday, got '" + text + "'");
        }
    }
  }

  private static List<LocalDate> days(LocalDate date, LocalDate from, LocalDate to) {
    if (date != null) {
      if (from != null || to != null) {
        throw new UsageException("--date and --from/--to do not mix: give one day or a range");
      }
      return List.of(date);
    }
    if (from == null && to == null) {
      return List.of();
    }
    if (from == null || to == null) {
      throw new UsageException("--from and --to go together: the first and last day, inclusive");
    }
    if (to.isBefore(from)) {
      throw new UsageException("--to " + to + " is before --from " + from);
    }
    if (from.plusDays(3660).isBefore(to)) {
      throw new UsageException("--from/--to span more than 10 years: split the backfill");
    }
    return from.datesUntil(to.plusDays(1)).toList();
  }

  /** One {@code [FORMAT:]PATH} of {@code --input}. */
  private static void addInput(
      String flag, String value, List<String> inputs, Map<String, RecordFormat> inputFormats) {
    String input = nonEmpty(flag, value);
    refuseUnknownFormat(flag, input);
    RecordFormat forced = RecordFormat.prefixOf(input);
    if (forced != null) {
      input = nonEmpty(flag, input.substring(forced.id.length() + 1));
      inputFormats.put(input, forced);
    }
    inputs.add(input);
  }

  private static void refuseUnknownFormat(String flag, String input) {
    String unknown = RecordFormat.unknownPrefixOf(input);
    if (unknown != null) {
      throw new UsageException(
          flag
              + ": unknown format '"
              + unknown
              + "' in '"
              + input
              + "'; formats are "
              + RecordFormat.ids()
              + " (or give a path or a URI such as s3://bucket/dir)");
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(flag + " needs a value");
    }
    return args[i];
  }

  private static String nonEmpty(String flag, String v) {
    if (v.isBlank()) {
      throw new UsageException(flag + " needs a non-empty value");
    }
    return v;
  }

  private static int parallelism(String v) {
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1 && n <= 512) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--parallelism accepts a whole number from 1 to 512, got '" + v + "'");
  }
}
