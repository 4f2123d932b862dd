package io.smbhunt.job.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster in separate JVMs on 127.0.0.1: one JobManager and {@code n}
 * TaskManagers, started as Flink's {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh} start
 * them, but from the jars Maven resolved ({@code provided-classpath.txt}) because no Flink
 * distribution can be downloaded in CI. {@link #flinkRun} submits a jar as {@code bin/flink run}
 * does. Every process it starts is stopped by {@link #close}, and by a shutdown hook if the test
 * JVM dies first, so a failed or killed build leaves no JVM behind.
 */
final class StandaloneCluster implements AutoCloseable {

  static final String JOB_MANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  static final String CLI_MAIN = "org.apache.flink.client.cli.CliFrontend";

  /**
   * The jars without which one of the processes cannot start: the runtime (JobManager,
   * TaskManager), the CLI, the RPC system (Pekko, loaded from inside flink-rpc-akka-loader), the
   * file connector the job's source and sink need from the cluster, and logging. Checked up front,
   * so a trimmed provided scope names the missing jar instead of a NoClassDefFoundError deep in a
   * process log.
   */
  private static final List<String> REQUIRED_JARS =
      List.of(
          "flink-runtime-",
          "flink-clients-",
          "flink-rpc-akka-loader-",
          "flink-connector-files-",
          "slf4j-api-",
          "log4j-slf4j-impl-",
          "log4j-core-");

  /** Flink shuts down cleanly on SIGTERM in a few seconds; longer than this it is stuck. */
  private static final Duration GRACE = Duration.ofSeconds(15);

  private static final int LOG_TAIL_LINES = 30;

  private final Path dir;
  private final Path confDir;
  private final Path logDir;
  private final String classpath;
  private final int restPort;
  private final List<String> javaOptions;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Thread shutdownHook = new Thread(this::destroyAll, "stop-standalone-cluster");

  private StandaloneCluster(Path dir, String classpath, int restPort, List<String> javaOptions) {
    this.dir = dir;
    this.confDir = dir.resolve("conf");
    this.logDir = dir.resolve("log");
    this.classpath = classpath;
    this.restPort = restPort;
    this.javaOptions = javaOptions;
  }

  /**
   * Starts the JobManager and {@code taskManagers} TaskManagers without waiting for them (see
   * {@link #awaitReady}), so the caller can do other work while the JVMs boot.
   *
   * @param clusterConf the directory with {@code config.yaml} and {@code log4j.properties}; copied
   *     to {@code dir/conf} with free ports for REST and RPC
   * @param classpathFile the provided classpath (one line, {@code :}-separated) Maven wrote
   */
  static StandaloneCluster start(Path clusterConf, Path classpathFile, Path dir, int taskManagers)
      throws IOException {
    String classpath = Files.readString(classpathFile, UTF_8).trim();
    checkClasspath(classpath, classpathFile);

    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.createDirectories(dir.resolve("log"));
    int[] ports = freeLoopbackPorts(2);
    String yaml = Files.readString(clusterConf.resolve("config.yaml"), UTF_8);
    yaml = setTopLevelKey(yaml, "rest.port", String.valueOf(ports[0]));
    yaml = setTopLevelKey(yaml, "jobmanager.rpc.port", String.valueOf(ports[1]));
    Files.writeString(confDir.resolve("config.yaml"), yaml, UTF_8);
    Files.copy(clusterConf.resolve("log4j.properties"), confDir.resolve("log4j.properties"));

    // The same computations Flink's start scripts run through BashJavaUtils: heap, metaspace and
    // direct-memory flags for each JVM, and the resolved memory sizes as dynamic properties,
    // without which a TaskManager refuses to start ("The required configuration option ... is
    // not set").
    Configuration conf = GlobalConfiguration.loadConfiguration(confDir.toString());
    JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(conf);
    TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(conf);

    StandaloneCluster cluster =
        new StandaloneCluster(
            dir, classpath, ports[0], words(conf.get(CoreOptions.FLINK_JVM_OPTIONS)));
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.startDaemon(
          "jobmanager",
          JOB_MANAGER_MAIN,
          words(JobManagerProcessUtils.generateJvmParametersStr(jm, conf)),
          words(JobManagerProcessUtils.generateDynamicConfigsStr(jm)));
      // As bin/taskmanager.sh: the TaskManagers' own options after the memory flags.
      List<String> tmJvm = new ArrayList<>(words(ProcessMemoryUtils.generateJvmParametersStr(tm)));
      tmJvm.addAll(words(conf.get(CoreOptions.FLINK_TM_JVM_OPTIONS)));
      for (int i = 1; i <= taskManagers; i++) {
        cluster.startDaemon(
            "taskmanager-" + i,
            TASK_MANAGER_MAIN,
            tmJvm,
            words(TaskExecutorProcessUtils.generateDynamicConfigsStr(tm)));
      }
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /**
   * Waits until the REST API reports {@code taskManagers} registered TaskManagers with {@code
   * slots} slots in total. Fails at once when a process exits, and after {@code timeout} otherwise,
   * with the tail of every process's log.
   */
  void awaitReady(int taskManagers, int slots, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/overview"))
            .timeout(Duration.ofSeconds(5))
            .build();
    ObjectMapper json = new ObjectMapper();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      for (Map.Entry<String, Process> p : processes.entrySet()) {
        if (!p.getValue().isAlive()) {
          throw new AssertionError(
              p.getKey()
                  + " exited with code "
                  + p.getValue().exitValue()
                  + " while the cluster started\n"
                  + logTails());
        }
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        last = response.statusCode() + " " + response.body();
        if (response.statusCode() == 200) {
          JsonNode overview = json.readTree(response.body());
          if (overview.path("taskmanagers").asInt() == taskManagers
              && overview.path("slots-total").asInt() == slots) {
            return;
          }
        }
      } catch (IOException e) {
        // The REST endpoint is not bound yet: the JobManager is still starting.
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "the cluster did not report "
            + taskManagers
            + " TaskManagers and "
            + slots
            + " slots within "
            + timeout.toSeconds()
            + " s (last /overview: "
            + last
            + ")\n"
            + logTails());
  }

  /** The exit code and console output of a {@code flink run}. */
  record CliRun(int exitCode, String output) {}

  /**
   * Submits {@code jar} as {@code bin/flink run -m 127.0.0.1:<rest port> -c mainClass jar args}
   * does, in attached mode: the CLI's JVM runs the job's {@code main}, which waits for the job and
   * then writes what it writes after the job (smbhunt: the manifest and {@code _SUCCESS}). Fails
   * when it has not returned within {@code timeout}.
   */
  CliRun flinkRun(Path jar, String mainClass, List<String> args, Duration timeout)
      throws IOException, InterruptedException {
    List<String> cli = new ArrayList<>(List.of("run", "-m", "127.0.0.1:" + restPort));
    cli.addAll(List.of("-c", mainClass, jar.toAbsolutePath().toString()));
    cli.addAll(args);
    // CliFrontend finds its configuration (and with it the REST address) only through this
    // variable; bin/flink sets it the same way.
    Process client =
        startProcess(
            "client",
            CLI_MAIN,
            List.of("-Xmx512m"),
            cli,
            Map.of("FLINK_CONF_DIR", confDir.toString()));
    if (!client.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      client.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError(
          "flink run did not return within " + timeout.toSeconds() + " s\n" + logTails());
    }
    return new CliRun(client.exitValue(), read(logDir.resolve("client.out")));
  }

  /** The last lines of every process's log file and console output, for failure messages. */
  String logTails() {
    StringBuilder tails = new StringBuilder();
    for (String name : processes.keySet()) {
      for (String file : List.of(name + ".log", name + ".out")) {
        List<String> lines = Arrays.asList(read(logDir.resolve(file)).split("\n", -1));
        int from = Math.max(0, lines.size() - LOG_TAIL_LINES);
        tails.append("----- ").append(logDir.resolve(file));
        tails.append(" (last ").append(lines.size() - from).append(" lines)\n");
        tails.append(String.join("\n", lines.subList(from, lines.size()))).append('\n');
      }
    }
    return tails.toString();
  }

  /** Stops every process: SIGTERM first so Flink shuts down cleanly, SIGKILL after the grace. */
  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and runs the hook itself.
    }
  }

  private void destroyAll() {
    List<Process> all;
    synchronized (processes) {
      all = new ArrayList<>(processes.values());
    }
    all.forEach(Process::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (Process p : all) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void startDaemon(String name, String mainClass, List<String> jvm, List<String> dynamic)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
    args.addAll(dynamic);
    startProcess(name, mainClass, jvm, args, Map.of());
  }

  private Process startProcess(
      String name, String mainClass, List<String> jvm, List<String> args, Map<String, String> env)
      throws IOException {
    // Each JVM gets its own temp directory inside the test's, so blobs, shuffle files and the
    // web upload directory disappear with the test even after a SIGKILL.
    Path tmp = Files.createDirectories(dir.resolve("tmp-" + name));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.addAll(jvm);
    command.add("-Dlog.file=" + logDir.resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties"));
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logDir.resolve(name + ".out").toFile());
    builder.environment().putAll(env);
    synchronized (processes) {
      Process process = builder.start();
      processes.put(name, process);
      return process;
    }
  }

  private static void checkClasspath(String classpath, Path file) {
    List<String> names =
        Arrays.stream(classpath.split(File.pathSeparator))
            .map(jar -> Path.of(jar).getFileName().toString())
            .toList();
    for (String required : REQUIRED_JARS) {
      if (names.stream().noneMatch(name -> name.startsWith(required))) {
        throw new AssertionError(
            file + " has no " + required + "*.jar, which the cluster's processes need: " + names);
      }
    }
  }

  /** Sets a flat top-level key of config.yaml, which must be there exactly once. */
  private static String setTopLevelKey(String yaml, String key, String value) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ":.*$").matcher(yaml);
    if (!m.find()) {
      throw new AssertionError("conf/cluster/config.yaml has no top-level " + key + " to set");
    }
    String patched = m.replaceFirst(Matcher.quoteReplacement(key + ": " + value));
    if (m.find()) {
      throw new AssertionError("conf/cluster/config.yaml sets " + key + " twice");
    }
    return patched;
  }

  /**
   * Ports nothing listens on right now. Held open together so they differ; the cluster binds them a
   * moment later, which another process could only steal by binding that exact port in between.
   */
  /**
   * A free port below the kernel's ephemeral range (32768+ on Linux): a port the system hands out
   * for "port 0" could be taken again by any other socket (the MiniCluster run beside this one)
   * between our check and the JobManager's bind; these ports are only taken on request.
   */
  private static ServerSocket bindBelowEphemeralRange() throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + random.nextInt(12_000);
      try {
        return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free loopback port between 20000 and 32000");
  }

  private static int[] freeLoopbackPorts(int count) throws IOException {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = bindBelowEphemeralRange();
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  private static List<String> words(String s) {
    String trimmed = s == null ? "" : s.trim();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? new String(Files.readAllBytes(file), UTF_8) : "(no file)";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
