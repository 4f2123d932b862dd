package io.smbhunt.job;

import io.smbhunt.job.decode.RunCounters;
import io.smbhunt.job.read.Compression;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A progress line on the terminal while a job runs: files begun of the total, bytes, events/s and
 * an ETA. The figures are the job's live accumulators ({@link JobClient#getAccumulators}), the same
 * counters the manifest reports at the end.
 */
final class Progress {

  private static final long REFRESH_MILLIS = 2000;

  private final PrintStream terminal;
  private final int totalFiles;
  private final long totalBytes;
  private final boolean compressed;

  private Progress(PrintStream terminal, int totalFiles, long totalBytes, boolean compressed) {
    this.terminal = terminal;
    this.totalFiles = totalFiles;
    this.totalBytes = totalBytes;
    this.compressed = compressed;
  }

  /** Sizes up the inputs (files under directories, recursively) for the ETA. */
  static Progress of(PrintStream terminal, List<Path> inputs) {
    int[] files = {0};
    long[] bytes = {0};
    boolean[] compressed = {false};
    for (Path input : inputs) {
      try {
        walk(
            input.getFileSystem(),
            input.getFileSystem().getFileStatus(input),
            files,
            bytes,
            compressed);
      } catch (Exception e) {
        // progress is a courtesy: a file that cannot be sized only blurs the ETA
      }
    }
    return new Progress(terminal, files[0], bytes[0], compressed[0]);
  }

  private static void walk(
      FileSystem fs, FileStatus status, int[] files, long[] bytes, boolean[] compressed)
      throws Exception {
    if (status.isDir()) {
      for (FileStatus child : fs.listStatus(status.getPath())) {
        String name = child.getPath().getName();
        if (!name.startsWith(".") && !name.startsWith("_")) {
          walk(fs, child, files, bytes, compressed);
        }
      }
      return;
    }
    files[0]++;
    bytes[0] += status.getLen();
    compressed[0] |= Compression.isCompressed(status.getPath().getName());
  }

  /** Waits for the job, refreshing the progress line, and returns its result. */
  JobExecutionResult follow(JobClient job) throws Exception {
    CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
    long started = System.nanoTime();
    while (true) {
      try {
        JobExecutionResult done = result.get(REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        terminal.print("\r\033[K");
        terminal.flush();
        return done;
      } catch (TimeoutException stillRunning) {
        Map<String, Object> acc;
        try {
          acc = job.getAccumulators().get(REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception unavailable) {
          continue;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        terminal.print("\r\033[K" + line(acc, seconds));
        terminal.flush();
      }
    }
  }

  String line(Map<String, Object> acc, double seconds) {
    // A nightly run's context lines are read as well: counted apart, but read all the same.
    long lines =
        number(acc.get(RunCounters.LINES_READ)) + number(acc.get(RunCounters.CONTEXT_LINES_READ));
    long bytes = number(acc.get(RunCounters.BYTES_READ));
    long files = number(acc.get(RunCounters.FILES_STARTED));
    StringBuilder s = new StringBuilder();
    s.append(String.format("  %.0f s  files %d/%d  lines %,d", seconds, files, totalFiles, lines));
    if (seconds > 0) {
      s.append(String.format(" (%,.0f/s)", lines / seconds));
    }
    s.append(String.format("  %.1f MB", bytes / 1e6));
    if (!compressed && totalBytes > 0 && bytes > 0 && seconds > 0) {
      double share = Math.min(1.0, (double) bytes / totalBytes);
      double eta = seconds / share - seconds;
      s.append(
          String.format(" of %.1f MB (%.0f%%)  ETA %.0f s", totalBytes / 1e6, share * 100, eta));
    }
    return s.toString();
  }

  private static long number(Object o) {
    return o instanceof Number ? ((Number) o).longValue() : 0L;
  }
}
