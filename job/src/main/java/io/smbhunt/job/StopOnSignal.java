package io.smbhunt.job;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C (or SIGTERM) on a local {@code --watch} hunt ends it the way {@code flink stop --drain}
 * ends one on a cluster: event time runs to its end, so the joins decide the chains they still
 * hold, the sinks commit, and the job finishes; the launcher then writes the manifest and the
 * summary. Without this the JVM would die with the job, leaving no manifest and II, IV and V's
 * pending rows unwritten. A second signal quits at once, with the shell's code for the signal (130
 * for SIGINT, 143 for SIGTERM).
 *
 * <p>The signal handler replaces the JVM's default one instead of adding a shutdown hook: shutdown
 * hooks run together with the MiniCluster's own, which tear down the cluster the job still needs.
 */
final class StopOnSignal {

  private static final Logger LOG = LoggerFactory.getLogger(StopOnSignal.class);

  /**
   * A stop asked for while the job's tasks are still being deployed is refused (a savepoint needs
   * every task running): it is asked for again each second, so a Ctrl-C at start-up is not lost.
   */
  private static final int RETRIES = 120;

  private StopOnSignal() {}

  /** Handles SIGINT and SIGTERM for {@code job} until the process ends. */
  static void install(JobClient job, PrintStream err) {
    AtomicBoolean stopping = new AtomicBoolean();
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(
            new Signal(name),
            signal -> {
              if (!stopping.compareAndSet(false, true)) {
                Runtime.getRuntime().halt(128 + signal.getNumber());
              }
              err.println(
                  "smbhunt: stopping: deciding the chains still open and writing the manifest"
                      + " (again to quit at once)");
              drain(job);
            });
      } catch (IllegalArgumentException unsupported) {
        LOG.info("SIG{} cannot be handled here; it ends the hunt without its manifest", name);
      }
    }
  }

  /**
   * Stops {@code job} with a savepoint after event time has run to its end. The savepoint is only a
   * means to a clean end: it goes to a scratch folder, deleted when written.
   */
  static CompletableFuture<Void> drain(JobClient job) {
    return drain(job, RETRIES);
  }

  private static CompletableFuture<Void> drain(JobClient job, int retriesLeft) {
    Path scratch;
    try {
      scratch = Files.createTempDirectory("smbhunt-stop-");
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<String> stopped;
    try {
      stopped =
          job.stopWithSavepoint(true, scratch.toUri().toString(), SavepointFormatType.CANONICAL);
    } catch (RuntimeException e) {
      stopped = CompletableFuture.failedFuture(e);
    }
    return stopped
        .handle(
            (savepoint, failure) -> {
              deleteQuietly(scratch);
              return failure;
            })
        .thenCompose(
            failure -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(null);
              }
              // Asked without blocking: this may run on the thread that completed the stop.
              return job.getJobStatus()
                  .handle((status, gone) -> gone == null && !status.isGloballyTerminalState())
                  .thenCompose(
                      running -> {
                        if (running && retriesLeft > 0) {
                          LOG.info("the hunt cannot stop yet ({}); asking again in 1 s", failure);
                          return CompletableFuture.supplyAsync(
                                  () -> null,
                                  CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                              .thenCompose(ignored -> drain(job, retriesLeft - 1));
                        }
                        if (running) {
                          LOG.warn("stopping the hunt failed", failure);
                        }
                        return CompletableFuture.completedFuture(null);
                      });
            });
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}", dir, e);
    }
  }
}
