package io.smbhunt.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where an smbhunt run's CPU goes, from a Java Flight Recorder file ({@code bench/e2e/run.sh
 * --jfr}): the execution samples of the job's task threads, attributed to components, the hottest
 * methods, and the garbage collector's pauses.
 *
 * <p>Attribution: every sample goes to the component of its leaf-most frame that belongs to one
 * (JDK helpers such as {@code Arrays.copyOf} or {@code System.arraycopy} have none, so their time
 * goes to the caller that asked for them; {@code String} construction, inflating and file reads are
 * components of their own). Copies of records between chained operators are the samples under
 * {@code CopyingChainingOutput} whose leaf-most Flink frame is a serializer's {@code copy}. Only
 * the task threads count (name contains {@code (i/p)}, Flink's subtask suffix): JVM and MiniCluster
 * start-up, RPC and the client are left out, so the shares are of the job's work.
 *
 * <p>Usage: {@code JfrSummary FILE.jfr [TOP [GC.LOG]]}; GC.LOG from {@code
 * -Xlog:gc,gc+cpu:file=GC.LOG} adds the GC worker threads' CPU time, which JFR does not sample.
 */
public final class JfrSummary {

  private JfrSummary() {}

  /** One jdk.ThreadCPULoad event: the thread's load (user + system) over the period before it. */
  private record ThreadLoad(Instant time, double load, String thread) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: JfrSummary FILE.jfr [TOP [GC.LOG]]");
    }
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Long> byComponent = new HashMap<>();
    Map<String, Long> bySelf = new HashMap<>();
    Map<String, Long> byThread = new HashMap<>();
    Map<String, Long> byComponentThread = new HashMap<>();
    Map<String, Long> allocByComponent = new HashMap<>();
    Map<String, Map<String, Long>> selfByTask = new HashMap<>();
    long allocTotal = 0;
    long samples = 0;
    long otherThreadSamples = 0;
    long gcCount = 0;
    Duration gcPauses = Duration.ZERO;
    Duration longestPause = Duration.ZERO;
    Map<String, Long> gcByName = new HashMap<>();
    double jvmCpuSum = 0;
    double machineCpuSum = 0;
    int cpuEvents = 0;
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, Double> cpuByThreadGroup = new HashMap<>();
    Map<Long, List<ThreadLoad>> threadLoads = new HashMap<>();
    Map<Long, Instant> threadStarts = new HashMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      String type = e.getEventType().getName();
      switch (type) {
        case "jdk.ExecutionSample" -> {
          RecordedThread thread = e.getThread("sampledThread");
          String name = thread == null ? "?" : thread.getJavaName();
          RecordedStackTrace st = e.getStackTrace();
          if (name == null || !name.matches(".*\\(\\d+/\\d+\\).*") || st == null) {
            otherThreadSamples++;
            continue;
          }
          samples++;
          List<RecordedFrame> frames = st.getFrames();
          String component = component(frames);
          byComponent.merge(component, 1L, Long::sum);
          String task = taskName(name);
          byThread.merge(task, 1L, Long::sum);
          byComponentThread.merge(task + " | " + component, 1L, Long::sum);
          if (!frames.isEmpty()) {
            String self = methodName(frames.get(0).getMethod());
            bySelf.merge(self, 1L, Long::sum);
            selfByTask.computeIfAbsent(task, k -> new HashMap<>()).merge(self, 1L, Long::sum);
          }
        }
        case "jdk.ObjectAllocationSample" -> {
          RecordedStackTrace st = e.getStackTrace();
          long weight = e.getLong("weight");
          allocTotal += weight;
          allocByComponent.merge(st == null ? "?" : component(st.getFrames()), weight, Long::sum);
        }
        case "jdk.GarbageCollection" -> {
          gcCount++;
          Duration sum = e.getDuration("sumOfPauses");
          gcPauses = gcPauses.plus(sum);
          if (e.getDuration("longestPause").compareTo(longestPause) > 0) {
            longestPause = e.getDuration("longestPause");
          }
          gcByName.merge(e.getString("name"), 1L, Long::sum);
        }
        case "jdk.CPUInformation" -> cores = e.getInt("hwThreads");
        case "jdk.ThreadStart" -> {
          RecordedThread started = e.getThread("thread");
          if (started != null) {
            threadStarts.put(started.getJavaThreadId(), e.getStartTime());
          }
        }
        case "jdk.ThreadCPULoad" -> {
          // load = the thread's CPU time / (elapsed time x hardware threads) since its previous
          // event; kept and paired up per thread in time order below (files are not sorted)
          RecordedThread thread = e.getThread("eventThread");
          if (thread != null) {
            threadLoads
                .computeIfAbsent(thread.getJavaThreadId(), id -> new ArrayList<>())
                .add(
                    new ThreadLoad(
                        e.getStartTime(),
                        e.getFloat("user") + e.getFloat("system"),
                        thread.getJavaName()));
          }
        }
        case "jdk.CPULoad" -> {
          jvmCpuSum += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
          machineCpuSum += e.getFloat("machineTotal");
          cpuEvents++;
        }
        default -> {}
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %,d execution samples of task threads (%,d of other threads left out)%n%n",
        args[0],
        samples,
        otherThreadSamples);
    print(
        "share of task-thread samples by component (leaf-most attribution)",
        byComponent,
        samples,
        99);
    print("by task (operator chain)", byThread, samples, 99);
    print("by task and component", byComponentThread, samples, 15);
    print("hottest methods (self, leaf frame)", bySelf, samples, top);
    List<Map.Entry<String, Long>> tasks = new ArrayList<>(byThread.entrySet());
    tasks.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    for (Map.Entry<String, Long> t : tasks.subList(0, Math.min(4, tasks.size()))) {
      print(
          "hottest methods of task " + t.getKey() + " (share of all task samples)",
          selfByTask.get(t.getKey()),
          samples,
          8);
    }
    System.out.printf(
        Locale.ROOT,
        "allocation (jdk.ObjectAllocationSample weights, all threads): %.1f GB in total%n",
        allocTotal / 1e9);
    print("allocation by component", allocByComponent, allocTotal, 12);
    System.out.printf(
        Locale.ROOT,
        "GC: %d collections %s, pauses %.2f s in total, longest %.0f ms%n",
        gcCount,
        gcByName,
        gcPauses.toNanos() / 1e9,
        longestPause.toNanos() / 1e6);
    for (Map.Entry<Long, List<ThreadLoad>> en : threadLoads.entrySet()) {
      List<ThreadLoad> loads = en.getValue();
      loads.sort((a, b) -> a.time().compareTo(b.time()));
      // An event covers the time since the thread's previous one; the first, the time since the
      // thread started, at most one period (1 s in run.sh's settings; one period for threads
      // older than the recording).
      Instant prev = threadStarts.get(en.getKey());
      boolean first = true;
      for (ThreadLoad l : loads) {
        double seconds = prev == null ? 1.0 : Duration.between(prev, l.time()).toNanos() / 1e9;
        if (first) {
          seconds = Math.min(seconds, 1.0);
          first = false;
        }
        prev = l.time();
        cpuByThreadGroup.merge(threadGroup(l.thread()), l.load() * seconds, Double::sum);
      }
    }
    if (!cpuByThreadGroup.isEmpty()) {
      System.out.println(
          "CPU seconds by thread group (jdk.ThreadCPULoad; approximate: a thread's last partial"
              + " period is lost; GC worker threads are not Java threads, see the GC log below):");
      final int hw = cores;
      cpuByThreadGroup.entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(
              en ->
                  System.out.printf(
                      Locale.ROOT, "  %7.2f s  %s%n", en.getValue() * hw, en.getKey()));
      System.out.println();
    }
    if (args.length > 2) {
      double user = 0;
      double sys = 0;
      double real = 0;
      Pattern p = Pattern.compile("User=([0-9.]+)s Sys=([0-9.]+)s Real=([0-9.]+)s");
      for (String line : Files.readAllLines(Path.of(args[2]))) {
        Matcher m = p.matcher(line);
        if (m.find()) {
          user += Double.parseDouble(m.group(1));
          sys += Double.parseDouble(m.group(2));
          real += Double.parseDouble(m.group(3));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "GC worker CPU (-Xlog:gc+cpu, pauses only): user %.2f s + sys %.2f s over %.2f s of"
              + " pauses%n",
          user,
          sys,
          real);
    }
    if (cpuEvents > 0) {
      System.out.printf(
          Locale.ROOT,
          "CPU (mean of jdk.CPULoad, 1.0 = all cores): this JVM %.2f, whole machine %.2f%n",
          jvmCpuSum / cpuEvents,
          machineCpuSum / cpuEvents);
    }
  }

  private static void print(String title, Map<String, Long> counts, long total, int limit) {
    System.out.println(title + ":");
    List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
    list.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    int n = 0;
    for (Map.Entry<String, Long> en : list) {
      if (n++ >= limit) {
        break;
      }
      System.out.printf(
          Locale.ROOT,
          "  %5.1f%%  %7d  %s%n",
          100.0 * en.getValue() / total,
          en.getValue(),
          en.getKey());
    }
    System.out.println();
  }

  static String threadGroup(String name) {
    if (name == null) {
      return "?";
    }
    if (name.matches(".*\\(\\d+/\\d+\\).*")) {
      return name.startsWith("Source Data Fetcher")
          ? "Flink task threads: source fetchers (read + split lines)"
          : "Flink task threads: task main threads (operators)";
    }
    if (name.contains("CompilerThread")) {
      return "JIT compiler threads (C1, C2)";
    }
    if (name.startsWith("JFR")) {
      return "JFR itself";
    }
    if (name.equals("main")) {
      return "main (client: job graph, manifest)";
    }
    return "other JVM / Flink runtime threads (RPC, scheduler, shuffle I/O, metrics)";
  }

  /** "Source: read archives -> decode records -> … (1/2)#0" → its first and last operator names. */
  static String taskName(String thread) {
    String t = thread.replaceAll("\\s*\\(\\d+/\\d+\\)(#\\d+)?.*$", "");
    String[] ops = t.split(" -> ");
    String name = ops.length <= 2 ? t : ops[0] + " -> … -> " + ops[ops.length - 1];
    return name.length() <= 70 ? name : name.substring(0, 69) + "…";
  }

  static String methodName(RecordedMethod m) {
    return m == null ? "?" : m.getType().getName() + "." + m.getName();
  }

  /** The leaf-most frame that belongs to a component decides; see the class comment. */
  static String component(List<RecordedFrame> frames) {
    boolean chainedCopy = false;
    for (RecordedFrame f : frames) {
      String t = f.getMethod() == null ? "" : f.getMethod().getType().getName();
      if (t.endsWith("CopyingChainingOutput")) {
        chainedCopy = true;
        break;
      }
    }
    for (RecordedFrame f : frames) {
      RecordedMethod m = f.getMethod();
      if (m == null) {
        continue;
      }
      String c = classify(m.getType().getName(), m.getName(), chainedCopy);
      if (c != null) {
        return c;
      }
    }
    return "other";
  }

  static final Map<String, String> PREFIXES = new LinkedHashMap<>();

  static {
    PREFIXES.put("io.smbhunt.job.read.LineSplitter", "line splitting (LineSplitter)");
    PREFIXES.put("io.smbhunt.job.read.", "reading files (smbhunt reader: RawLine, formats)");
    PREFIXES.put("io.smbhunt.udf.json.", "JSON validation + field capture (udf.json)");
    PREFIXES.put("io.smbhunt.udf.event.", "host event decoding (udf.event, after the scan)");
    PREFIXES.put("io.smbhunt.udf.", "flow / pcap decoders (udf)");
    PREFIXES.put("io.smbhunt.job.decode.", "decode operator (job.decode)");
    PREFIXES.put("io.smbhunt.job.analytics.", "analytics and joins (job.analytics)");
    PREFIXES.put("io.smbhunt.job.write.", "Parquet writing (smbhunt + Parquet)");
    PREFIXES.put("org.apache.parquet.", "Parquet writing (smbhunt + Parquet)");
    PREFIXES.put("org.xerial.snappy.", "Parquet writing (smbhunt + Parquet)");
    PREFIXES.put("org.apache.flink.runtime.operators.sort.", "Flink batch sort (keyBy in BATCH)");
    PREFIXES.put(
        "org.apache.flink.streaming.api.operators.sort.", "Flink batch sort (keyBy in BATCH)");
    PREFIXES.put("org.apache.flink.runtime.io.network.", "Flink network stack / shuffle");
    PREFIXES.put("org.apache.flink.runtime.io.disk.", "Flink network stack / shuffle");
    PREFIXES.put("org.apache.flink.core.memory.", "Flink serialization");
    PREFIXES.put("org.apache.flink.api.common.typeutils.", "Flink serialization");
    PREFIXES.put("org.apache.flink.api.java.typeutils.runtime.", "Flink serialization");
    PREFIXES.put("org.apache.flink.runtime.plugable.", "Flink serialization");
    PREFIXES.put("org.apache.flink.streaming.runtime.streamrecord.", "Flink serialization");
    PREFIXES.put(
        "org.apache.flink.streaming.runtime.io.", "Flink record routing (outputs, inputs)");
    PREFIXES.put(
        "org.apache.flink.streaming.runtime.tasks.", "Flink record routing (outputs, inputs)");
    PREFIXES.put(
        "org.apache.flink.streaming.api.operators.", "Flink record routing (outputs, inputs)");
    PREFIXES.put("org.apache.flink.connector.file.", "Flink file source / sink");
    PREFIXES.put(
        "org.apache.flink.streaming.api.functions.sink.filesystem.", "Flink file source / sink");
    PREFIXES.put("java.util.zip.", "decompression (java.util.zip)");
    PREFIXES.put("java.io.FileInputStream", "file reads (syscalls)");
    PREFIXES.put("sun.nio.ch.", "file reads (syscalls)");
    PREFIXES.put("java.lang.StringCoding", "String decoding");
    PREFIXES.put("java.lang.StringLatin1", "String decoding");
    PREFIXES.put("java.lang.StringUTF16", "String decoding");
  }

  static String classify(String type, String method, boolean chainedCopy) {
    if (type.equals("io.smbhunt.udf.json.Swar") && method.equals("indexOfNewline")) {
      return "line splitting (LineSplitter)"; // the splitter's SWAR newline search lives in
      // udf.json
    }
    if (type.equals("java.lang.String")
        && (method.equals("<init>") || method.startsWith("decode"))) {
      return "String decoding";
    }
    for (Map.Entry<String, String> p : PREFIXES.entrySet()) {
      if (type.startsWith(p.getKey())) {
        String c = p.getValue();
        if (chainedCopy && c.equals("Flink serialization") && method.equals("copy")) {
          return "Flink copies between chained operators (serializer.copy)";
        }
        return c;
      }
    }
    return null;
  }
}
