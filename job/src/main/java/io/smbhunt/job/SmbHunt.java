package io.smbhunt.job;

import io.smbhunt.job.analytics.AnalyticInfo;
import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.cli.CommandLine;
import io.smbhunt.job.cli.RunOptions;
import io.smbhunt.job.cli.UsageException;
import io.smbhunt.job.config.ConfigException;
import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.nightly.Backfill;
import io.smbhunt.job.nightly.PreviousDay;
import io.smbhunt.job.read.ArchiveSources;
import io.smbhunt.job.read.ContextFiles;
import io.smbhunt.job.read.Inputs;
import io.smbhunt.job.read.RecordFormat;
import io.smbhunt.job.read.SameDataTwice;
import io.smbhunt.job.write.OutputDirectory;
import io.smbhunt.job.write.OutputSinks;
import io.smbhunt.job.write.RunManifest;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.BatchExecutionOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smbhunt command: parses the arguments, wires sources and sinks into {@link SmbHuntPipeline},
 * runs it (embedded MiniCluster locally, or the cluster {@code flink run} submits to) and writes
 * the run manifest.
 */
public final class SmbHunt {

  private static final Logger LOG = LoggerFactory.getLogger(SmbHunt.class);

  /** Exit code of a bad command line, config or path. */
  public static final int EXIT_USAGE = 2;

  /** Exit code of a job that failed while running. */
  public static final int EXIT_FAILED = 1;

  /** The JVM property that sizes the common ForkJoinPool (see {@link #widenCommonPool}). */
  static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  private SmbHunt() {}

  public static void main(String[] args) {
    widenCommonPool();
    int code;
    try {
      code = run(args, System.out, System.err);
    } catch (Throwable t) {
      // An Error (out of memory, …): said in one line, and the process ends, which the local
      // cluster's threads would otherwise keep alive.
      LOG.error("smbhunt failed", t);
      System.err.println("smbhunt: the job failed: " + t);
      code = EXIT_FAILED;
    }
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Gives the JVM's common ForkJoinPool at least 4 workers, unless the user chose a size. On a
   * 2-core machine it has one, and a local run's client (Flink's {@code PerJobMiniClusterFactory})
   * occupies it with a polling loop that sleeps up to 2 s at a time while the job starts; the job's
   * own start-up needs that pool too, so it waited for the loop's next wake-up: 1.7, 3.3, 5.3 or
   * 7.3 s before the tasks deployed, in about one JDK 25 run in six. Only effective before the pool
   * is first used, hence the first thing main does.
   */
  static void widenCommonPool() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      int cores = Runtime.getRuntime().availableProcessors();
      System.setProperty(COMMON_POOL_PARALLELISM, String.valueOf(Math.max(4, cores - 1)));
    }
  }

  /** Runs smbhunt and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    RunOptions options;
    SmbHuntConfig config;
    try {
      options = CommandLine.parse(args);
      if (options == null) {
        out.println(CommandLine.USAGE);
        return 0;
      }
      config =
          options.config() == null
              ? new SmbHuntConfig()
              : SmbHuntConfig.load(java.nio.file.Path.of(options.config()));
      if (options.profile() != null) {
        config.profile = options.profile();
      }
      if (options.includeAllowlisted()) {
        config.includeAllowlisted = true;
      }
      if (options.skipUnusedEventIds()) {
        config.skipUnusedEventIds = true;
      }
    } catch (UsageException | ConfigException e) {
      err.println("smbhunt: " + e.getMessage());
      return EXIT_USAGE;
    }
    if (options.isBackfill()) {
      return Backfill.run(options, config, out, err);
    }
    List<Path> inputs;
    Path outputDir;
    try {
      inputs = Inputs.check(options.inputs());
      outputDir =
          OutputDirectory.prepare(
              options.output(),
              inputs,
              tableNames(),
              options.overwrite(),
              restoredSavepoint() != null);
    } catch (UsageException e) {
      err.println("smbhunt: " + e.getMessage());
      return EXIT_USAGE;
    }
    return huntInto(
        options,
        config,
        options.inputs(),
        options.inputFormats(),
        inputs,
        null,
        outputDir,
        out,
        err);
  }

  /** The folders an earlier hunt's tables are in. */
  private static Set<String> tableNames() {
    return SmbHuntPipeline.analytics().stream()
        .map(AnalyticInfo::id)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The savepoint {@code flink run -s} restores this job from, or null. A stopped {@code --watch}
   * hunt is upgraded that way, and continues into its own output folder.
   */
  static String restoredSavepoint() {
    return StreamExecutionEnvironment.getExecutionEnvironment()
        .getConfiguration()
        .get(StateRecoveryOptions.SAVEPOINT_PATH);
  }

  /**
   * One hunt: the job over {@code inputs} into {@code outputDir}, then the manifest and the
   * summary. Returns the exit code.
   *
   * @param inputNames the inputs as the user gave them (for the manifest)
   * @param formats inputs (as given) whose format the user named
   * @param context a nightly run's previous day, read as context; {@code null} for none
   */
  public static int huntInto(
      RunOptions options,
      SmbHuntConfig config,
      List<String> inputNames,
      Map<String, RecordFormat> formats,
      List<Path> inputs,
      PreviousDay context,
      Path outputDir,
      PrintStream out,
      PrintStream err) {
    Profile profile = config.profile;
    Instant started = Instant.now();
    try {
      List<String> warnings = new ArrayList<>();
      if (options.watch() == null) { // a watched folder may well be empty when the hunt starts
        warnings.addAll(Inputs.foldersWithoutFiles(inputs));
      }
      warnings.addAll(SameDataTwice.amongInputs(inputs));
      // The sources read the context's files beside the day's own; the pipeline tells them apart.
      List<Path> read = new ArrayList<>(inputs);
      Map<Path, RecordFormat> readFormats = formatsByPath(inputNames, formats, inputs);
      if (context != null) {
        warnings.addAll(context.warnings());
        read.addAll(context.inputs());
        readFormats.putAll(formatsByPath(context.names(), context.formats(), context.inputs()));
      }
      ContextFiles contextFiles =
          context == null ? ContextFiles.NONE : ContextFiles.of(inputs, context.inputs());
      for (String warning : warnings) {
        err.println("smbhunt: warning: " + warning);
      }
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(
              flinkConfiguration(options, config, outputDir));
      env.setParallelism(options.parallelism());
      SmbHuntPipeline.build(
          env,
          ArchiveSources.fileSource(
              read, config.maxLineBytes, options.watch(), readFormats, config.skipUnusedEventIds),
          // In BATCH each empty capture stage would still be scheduled, one after another, before
          // the joins: ~0.5 s of a 2.77 GB run. A watched folder may get captures later.
          options.watch() != null || ArchiveSources.anyCaptures(read)
              ? ArchiveSources.captureSource(read, options.watch())
              : null,
          contextFiles,
          config,
          profile,
          new SmbHuntPipeline.Sinks(
              OutputSinks.detections(outputDir), OutputSinks.quarantine(outputDir)));
      JobClient job = env.executeAsync("smbhunt " + profile.id() + " " + outputDir);
      if (options.watch() != null && env instanceof LocalStreamEnvironment) {
        StopOnSignal.install(job, err); // on a cluster, `flink stop` ends a watching hunt
      }
      // A person at a terminal sees progress; scripts and tests get only the summary.
      JobExecutionResult result =
          System.console() != null
              ? Progress.of(System.err, read).follow(job)
              : job.getJobExecutionResult().get();
      RunManifest manifest =
          new RunManifest(
              inputNames,
              outputDir.toString(),
              profile.id(),
              options.mode().name().toLowerCase(),
              options.parallelism(),
              config.describe(),
              result.getAllAccumulatorResults(),
              SmbHuntPipeline.analytics().stream().map(AnalyticInfo::id).toList(),
              started,
              Instant.now());
      manifest.setWarnings(warnings);
      if (context != null) {
        manifest.setContext(
            context.day(), context.names(), contextFiles.countAmong(context.inputs()));
      }
      manifest.writeTo(outputDir);
      RunSummary.print(out, manifest, outputDir, options, profile.id(), started);
      if (!manifest.reconciled()) {
        err.println("smbhunt: the line counts do not reconcile; see " + RunManifest.MANIFEST_FILE);
        return EXIT_FAILED;
      }
      return 0;
    } catch (Exception e) {
      LOG.error("smbhunt failed", e);
      err.println("smbhunt: the job failed: " + rootCause(e));
      return EXIT_FAILED;
    }
  }

  /** The {@code FORMAT:PATH} inputs, keyed by their checked path. */
  private static Map<Path, RecordFormat> formatsByPath(
      List<String> inputNames, Map<String, RecordFormat> formats, List<Path> inputs) {
    Map<Path, RecordFormat> byPath = new HashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      RecordFormat forced = formats.get(inputNames.get(i));
      if (forced != null) {
        byPath.put(inputs.get(i), forced);
      }
    }
    return byPath;
  }

  static Configuration flinkConfiguration(
      RunOptions options, SmbHuntConfig config, Path outputDir) {
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, options.mode());
    // Every type on the wire has Flink's own serializer; Kryo would be slow and fragile.
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    // Otherwise the adaptive scheduler runs the keyed steps and sinks at parallelism 1.
    conf.set(BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED, false);
    // The embedded MiniCluster's shuffles stay on this machine: LZ4 on them only costs CPU (~5% of
    // a 2.77 GB BATCH run). A cluster's task managers take this from their own configuration.
    conf.set(
        NettyShuffleEnvironmentOptions.SHUFFLE_COMPRESSION_CODEC,
        NettyShuffleEnvironmentOptions.CompressionCodec.NONE);
    MemorySize network = localNetworkMemory(options.parallelism());
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, localManagedMemory(options.parallelism()));
    // An input gate reserves up to 2 buffers per channel (up to 1000 in BATCH), so with a channel
    // from each of p tasks the gates alone grow as p * p: at p = 512 one needed 488. In one task
    // manager every channel is local and reads the producer's buffers, not these.
    conf.set(
        NettyShuffleEnvironmentOptions.NETWORK_READ_MAX_REQUIRED_BUFFERS_PER_GATE,
        LOCAL_BUFFERS_PER_GATE);
    if (options.mode() == RuntimeExecutionMode.STREAMING) {
      // Bulk (Parquet) files are committed on checkpoints only.
      conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval);
      conf.set(StateBackendOptions.STATE_BACKEND, config.stateBackend);
      // Without a directory Flink keeps checkpoints in the JobManager's memory, 5 MiB a state:
      // the joins hold every used event of an archive until its end, so a checkpoint of a few
      // hundred thousand lines failed and the job restarted for ever. The output's folder is on
      // storage every task can reach, locally and on a cluster.
      conf.set(
          CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          config.checkpointDirectory != null
              ? config.checkpointDirectory
              : checkpointsUnder(outputDir));
    }
    return conf;
  }

  /** Where a streaming hunt's checkpoints go unless {@code streaming.checkpoint_dir} says. */
  static final String CHECKPOINTS_FOLDER = "_checkpoints";

  /**
   * {@code <output>/_checkpoints} as a URI Flink accepts: a local path typed relative made whole.
   */
  static String checkpointsUnder(Path outputDir) {
    Path dir = new Path(outputDir, CHECKPOINTS_FOLDER);
    if (dir.toUri().getScheme() == null) {
      return java.nio.file.Path.of(dir.toUri().getPath()).toAbsolutePath().toUri().toString();
    }
    return dir.toUri().toString();
  }

  /** The network memory a MiniCluster gets unless told otherwise (Flink's local default). */
  static final MemorySize MINI_CLUSTER_NETWORK_MEMORY = MemorySize.ofMebiBytes(64);

  /**
   * Network memory per slot of a local run: 96 buffers of 32 KiB. A shuffle output reserves {@code
   * taskmanager.network.sort-shuffle.min-buffers} buffers, which the MiniCluster lowers to 16, and
   * a source task writes up to 5 of them while the other source may run in the same slot: runs of
   * the sample needed more than 51 and at most 64 buffers per slot (p = 40 failed with 64 MiB, p =
   * 64 ran with 128 MiB). Not more: the task manager allocates all of it as direct memory when it
   * starts, and at p = 512 this is already 1.5 GiB of the 2 GiB the launcher's -Xmx2g allows.
   */
  static final MemorySize NETWORK_MEMORY_PER_SLOT = MemorySize.ofMebiBytes(3);

  /**
   * The embedded MiniCluster's network memory: it has one task manager with a slot per parallel
   * task, and Flink's fixed 64 MiB ran out from p = 40 on ("Insufficient number of network
   * buffers"). A cluster's task managers size their own and ignore this (and the managed memory).
   */
  static MemorySize localNetworkMemory(int parallelism) {
    MemorySize needed = NETWORK_MEMORY_PER_SLOT.multiply(parallelism);
    return needed.compareTo(MINI_CLUSTER_NETWORK_MEMORY) > 0 ? needed : MINI_CLUSTER_NETWORK_MEMORY;
  }

  /** The most buffers an input gate of a local run reserves (see {@link #flinkConfiguration}). */
  static final int LOCAL_BUFFERS_PER_GATE = 32;

  /** The managed memory a MiniCluster gets unless told otherwise (Flink's local default). */
  static final MemorySize MINI_CLUSTER_MANAGED_MEMORY = MemorySize.ofMebiBytes(128);

  /**
   * Managed memory per slot of a local run, for BATCH mode's sorts before each keyed step: 64 pages
   * of 32 KiB. A sorter needs at least 12 pages, and at p = 512 Flink's 128 MiB left each slot 8 of
   * them ("Too little memory provided to sorter"); p = 64 ran with 2 MiB per slot. It is allocated
   * by each operator as it starts, not up front.
   */
  static final MemorySize MANAGED_MEMORY_PER_SLOT = MemorySize.ofMebiBytes(2);

  /** The embedded MiniCluster's managed memory: Flink's 128 MiB, or 2 MiB per slot if more. */
  static MemorySize localManagedMemory(int parallelism) {
    MemorySize needed = MANAGED_MEMORY_PER_SLOT.multiply(parallelism);
    return needed.compareTo(MINI_CLUSTER_MANAGED_MEMORY) > 0 ? needed : MINI_CLUSTER_MANAGED_MEMORY;
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
