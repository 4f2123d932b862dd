package io.smbhunt.job.nightly;

import io.smbhunt.job.SmbHunt;
import io.smbhunt.job.cli.RunOptions;
import io.smbhunt.job.cli.UsageException;
import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.read.Inputs;
import io.smbhunt.job.read.RecordFormat;
import io.smbhunt.job.write.OutputDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;

/**
 * A nightly run ({@code --date}) or a backfill ({@code --from/--to}): one hunt per input day, each
 * staged and then published as {@code <output>/input_date=D/} (see {@link DayPublisher}), so a
 * failed day leaves the published one untouched and a re-run replaces it.
 */
public final class Backfill {

  private Backfill() {}

  /** Runs every day; the exit code is the worst of the days' (a missing day's input is 2). */
  public static int run(
      RunOptions options, SmbHuntConfig config, PrintStream out, PrintStream err) {
    Path output = new Path(options.output());
    int worst = 0;
    for (LocalDate day : options.days()) {
      List<String> names = new ArrayList<>();
      Map<String, RecordFormat> formats = new HashMap<>();
      for (String template : options.inputTemplates()) {
        String path = DayTemplate.expand(RecordFormat.withoutPrefix(template), day);
        names.add(path);
        RecordFormat forced = RecordFormat.prefixOf(template);
        if (forced != null) {
          formats.put(path, forced);
        }
      }
      DayPublisher publisher = new DayPublisher(output, day);
      int code;
      try {
        List<Path> inputs = Inputs.check(names);
        // A day whose inputs hold the folder of days would read the Parquet published before.
        OutputDirectory.refuseOverlap(
            options.output(), output.makeQualified(output.getFileSystem()), inputs);
        publisher.staging().getFileSystem().mkdirs(publisher.staging());
        out.println("smbhunt: input day " + day);
        code =
            SmbHunt.huntInto(
                options, config, names, formats, inputs, publisher.staging(), out, err);
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
}
