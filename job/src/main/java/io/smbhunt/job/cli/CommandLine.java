package io.smbhunt.job.cli;

import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.config.ConfigException;
import io.smbhunt.job.config.Durations;
import io.smbhunt.job.read.RecordFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;

/**
 * Parses the smbhunt command line. The flags are a fixed contract (README "Command line"): later
 * versions add flags, they never rename these.
 */
public final class CommandLine {

  public static final String USAGE =
      String.join(
          "\n",
          "usage: smbhunt --input PATH [--input PATH ...] --output DIR [options]",
          "",
          "  --input [FORMAT:]PATH  archive file or directory (read recursively); repeatable.",
          "                      .gz .bz2 .xz .zip are decompressed on the fly. The format of",
          "                      each file is recognised; FORMAT forces one of: windows,",
          "                      zeek-json, zeek-tsv, suricata, car",
          "  --output DIR        where detections, quarantine and the manifest are written",
          "  --profile NAME      seed | default (default: the config file's, else default)",
          "  --parallelism N     parallel tasks, 1..512 (default: the number of cores)",
          "  --mode MODE         batch | streaming (default: batch)",
          "  --config FILE       settings file (default: built-in, same as conf/smbhunt.yaml)",
          "  --overwrite         replace what is in --output (otherwise it must be empty)",
          "  --include-allowlisted  also report allow-listed named pipes (severity info)",
          "  --watch INTERVAL    with --mode streaming: keep watching the input directories",
          "                      for new files every INTERVAL (e.g. 60s); runs until stopped",
          "  --help              print this text");

  private CommandLine() {}

  /** Returns the options, or {@code null} when the user asked for {@code --help}. */
  public static RunOptions parse(String[] args) {
    List<String> inputs = new ArrayList<>();
    Map<String, RecordFormat> inputFormats = new LinkedHashMap<>();
    boolean includeAllowlisted = false;
    Duration watch = null;
    String output = null;
    Profile profile = null;
    int parallelism = Runtime.getRuntime().availableProcessors();
    RuntimeExecutionMode mode = RuntimeExecutionMode.BATCH;
    String config = null;
    boolean overwrite = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String inlineValue = null;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        inlineValue = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
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
          String input = nonEmpty(flag, inlineValue != null ? inlineValue : value(args, ++i, flag));
          RecordFormat forced = formatPrefix(input);
          if (forced != null) {
            input = nonEmpty(flag, input.substring(forced.id.length() + 1));
            inputFormats.put(input, forced);
          }
          inputs.add(input);
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
    if (inputs.isEmpty()) {
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
        watch);
  }

  /**
   * {@code zeek-tsv:/logs} names the format; {@code s3://…} or {@code C:\…} do not, since no format
   * is called {@code s3} or {@code C}.
   */
  private static RecordFormat formatPrefix(String input) {
    int colon = input.indexOf(':');
    return colon > 0 ? RecordFormat.fromId(input.substring(0, colon)) : null;
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
