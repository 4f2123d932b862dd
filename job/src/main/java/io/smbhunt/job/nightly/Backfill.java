package io.smbhunt.job.nightly;

import io.smbhunt.job.SmbHunt;
import io.smbhunt.job.cli.RunOptions;
import io.smbhunt.job.cli.UsageException;
import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.read.Inputs;
import io.smbhunt.job.write.OutputDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.Path;

/**
 * A nightly run ({@code --date}) or a backfill ({@code --from/--to}): one hunt per input day, each
 * staged and then published as {@code <output>/input_date=D/} (see {@link DayPublisher}), so a
 * failed day leaves the published one untouched and a re-run replaces it. With {@code
 * nightly.previous_day_context} each day reads the day before as context ({@link PreviousDay}).
 */
public final class Backfill {

  private Backfill() {}

  /** Runs every day; the exit code is the worst of the days' (a missing day's input is 2). */
  public static int run(
      RunOptions options, SmbHuntConfig config, PrintStream out, PrintStream err) {
    Path output = new Path(options.output());
    int worst = 0;
    for (LocalDate day : options.days()) {
      DayTemplate.DayInputs own = DayTemplate.inputs(options.inputTemplates(), day);
      DayPublisher publisher = new DayPublisher(output, day);
      int code;
      try {
        List<Path> inputs = Inputs.check(own.names());
        PreviousDay context =
            config.previousDayContext
                ? PreviousDay.of(options.inputTemplates(), day, own.names())
                : null;
        // A day whose inputs hold the folder of days would read the Parquet published before.
        OutputDirectory.refuseOverlap(
            options.output(),
            output.makeQualified(output.getFileSystem()),
            context == null ? inputs : concat(inputs, context.inputs()));
        publisher.staging().getFileSystem().mkdirs(publisher.staging());
        out.println("smbhunt: input day " + day);
        code =
            SmbHunt.huntInto(
                options,
                config,
                own.names(),
                own.formats(),
                inputs,
                context,
                publisher.staging(),
                out,
                err);
        if (code == 0) {
          publisher.publish();
          out.println("  published " + publisher.published());
        } else {
          err.println(
              "smbhunt: " + day + " not published; its partial run is in " + publisher.staging());
        }
      } catch (UsageException e) {
        err.println("smbhunt: " + day + ": " + e.getMessage());
        code = SmbHunt.EXIT_USAGE;
      } catch (IOException e) {
        err.println("smbhunt: " + day + " could not be published: " + e.getMessage());
        code = SmbHunt.EXIT_FAILED;
      }
      worst = Math.max(worst, code);
    }
    return worst;
  }

  private static List<Path> concat(List<Path> a, List<Path> b) {
    List<Path> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
