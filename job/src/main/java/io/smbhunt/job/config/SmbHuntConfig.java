package io.smbhunt.job.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smbhunt.job.analytics.NamedPipes;
import io.smbhunt.job.analytics.Profile;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of a run, typed and validated once at start-up (from {@code conf/smbhunt.yaml}; the
 * defaults here are the same values, and a test keeps the two in step).
 */
public final class SmbHuntConfig implements Serializable {

  /** Profile used when neither the config file nor {@code --profile} names one. */
  public Profile profile = Profile.DEFAULT;

  /** Lines longer than this are quarantined (line_too_long) without being loaded whole. */
  public int maxLineBytes = 8 * 1024 * 1024;

  /** How much of a bad line the quarantine keeps. */
  public int quarantineRawBytes = 4096;

  /**
   * Skip, without decoding, Windows event lines whose top-level EventID no analytic reads (see
   * {@code EventIdPrefilter}). Off by default: such lines are then counted, not validated.
   */
  public boolean skipUnusedEventIds = false;

  /**
   * Watched folders: how far out of time order events may arrive within and across files. Over
   * archives event time waits for the end of the input (see {@code SmbHuntPipeline.eventTime}).
   */
  public Duration maxOutOfOrderness = Duration.ofMinutes(10);

  /** Watched folders: a task quiet for this long (wall-clock) no longer holds event time back. */
  public Duration sourceIdleness = Duration.ofMinutes(1);

  /**
   * Packet captures and Suricata logs: a TCP connection (a Suricata flow) silent for this long
   * (event time) is taken as ended: its buffered bytes or records are decoded and its state
   * dropped.
   */
  public Duration connectionIdle = Duration.ofMinutes(15);

  /**
   * Suricata logs: how long a flow remembers its tree connects, sign-ins, binds and transfers after
   * its last record. Longer than {@link #connectionIdle}: Suricata logs a file transfer when the
   * file is closed, so a long copy leaves no record between its tree connect and its write; a flow
   * id stands for one TCP connection, whose packets Suricata times out (10 min by default) while
   * its log can be silent for hours.
   */
  public Duration suricataFlowMemory = Duration.ofHours(24);

  /** Default profile: all stages of II and IV within this span of each other. */
  public Duration sessionWindow = Duration.ofHours(1);

  /** Default profile: the Sysmon 11 create within this span before or after the write (V). */
  public Duration fileWindow = Duration.ofMinutes(10);

  /** Streaming mode: how often state and the Parquet output are committed. */
  public Duration checkpointInterval = Duration.ofSeconds(30);

  /**
   * Streaming mode: where keyed state lives between checkpoints: {@code hashmap} (on the heap;
   * fast, for state that fits in memory) or {@code rocksdb} (on local disk; for large state, e.g.
   * the seed profile's unbounded joins or long windows over busy networks).
   */
  public String stateBackend = "hashmap";

  /** Streaming mode: where checkpoints go (a URI: file:///…, s3://…); null = JobManager memory. */
  public String checkpointDirectory = null;

  /** Pipes whose use signals lateral movement (high severity); see conf/smbhunt.yaml. */
  public List<String> watchedPipes =
      List.of(
          "winreg",
          "atsvc",
          "lsarpc",
          "svcctl",
          "samr",
          "RemCom_*",
          "*-stdin",
          "*-stdout",
          "*-stderr",
          "PSEXESVC*",
          "paexec*",
          "csexecsvc*");

  /** Pipes every Windows network uses (Sigma's baseline): low severity. */
  public List<String> knownPipes =
      List.of(
          "atsvc",
          "samr",
          "lsarpc",
          "lsass",
          "winreg",
          "netlogon",
          "srvsvc",
          "protected_storage",
          "wkssvc",
          "browser",
          "netdfs",
          "svcctl",
          "spoolss",
          "ntsvcs",
          "LSM_API_service",
          "HydraLsPipe",
          "TermSrv_API_service",
          "MsFteWds",
          "sql\\query",
          "eventlog");

  /** Pipes CAR-2014-03-001 says to allow-list: suppressed unless {@link #includeAllowlisted}. */
  public List<String> allowlistedPipes = List.of("spoolss", "msftewds");

  /** Report allow-listed pipes too (as severity "info"); {@code --include-allowlisted}. */
  public boolean includeAllowlisted = false;

  /**
   * Nightly runs and backfills only: day D's hunt also reads day D-1's inputs, so a chain or a
   * Suricata flow that began before midnight is completed; rows made of D-1's events alone are left
   * to D-1's own hunt.
   */
  public boolean previousDayContext = true;

  private static final Set<String> SECTIONS =
      Set.of("profile", "read", "time", "windows", "streaming", "named_pipes", "nightly");

  /**
   * The file's bytes; the message of a file that cannot be read says why (the exception's own
   * message is only the path).
   */
  private static byte[] readable(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new ConfigException("--config: cannot read " + file + ": it is a directory");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("--config: cannot read " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new ConfigException(
          "--config: cannot read " + file + ": not readable (permission denied)");
    } catch (IOException e) {
      throw new ConfigException("--config: cannot read " + file + ": " + firstLine(e));
    }
  }

  private static String firstLine(Exception e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
  }

  /** Reads a YAML config file; every unknown or bad key is an error naming it. */
  public static SmbHuntConfig load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(readable(file));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String message = e.getOriginalMessage().lines().findFirst().orElse("").strip();
      throw new ConfigException(
          "--config: "
              + file
              + " is not valid YAML"
              + (at == null || at.getLineNr() < 1
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
              + ": "
              + message);
    } catch (IOException e) {
      throw new ConfigException("--config: cannot read " + file + ": " + firstLine(e));
    }
    SmbHuntConfig c = new SmbHuntConfig();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return c;
    }
    if (!root.isObject()) {
      throw new ConfigException(file + ": expected a mapping of settings at the top level");
    }
    String where = file.getFileName().toString();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!SECTIONS.contains(key)) {
        throw new ConfigException(
            where + ": unknown setting '" + key + "' (known: " + String.join(", ", SECTIONS) + ")");
      }
    }
    if (root.has("profile")) {
      String p = root.get("profile").asText();
      c.profile = Profile.parse(p);
      if (c.profile == null) {
        throw new ConfigException(where + ": profile: accepts seed or default, got '" + p + "'");
      }
    }
    Section read = new Section(where, "read", root.get("read"));
    c.maxLineBytes = read.positiveInt("max_line_bytes", c.maxLineBytes);
    c.quarantineRawBytes = read.positiveInt("quarantine_raw_bytes", c.quarantineRawBytes);
    c.skipUnusedEventIds = read.bool("skip_unused_event_ids", c.skipUnusedEventIds);
    read.rejectUnknown();
    Section time = new Section(where, "time", root.get("time"));
    c.maxOutOfOrderness = time.duration("max_out_of_orderness", c.maxOutOfOrderness);
    c.sourceIdleness = time.duration("source_idleness", c.sourceIdleness);
    c.connectionIdle = time.duration("connection_idle", c.connectionIdle);
    c.suricataFlowMemory = time.duration("suricata_flow_memory", c.suricataFlowMemory);
    time.rejectUnknown();
    Section windows = new Section(where, "windows", root.get("windows"));
    c.sessionWindow = windows.duration("session_window", c.sessionWindow);
    c.fileWindow = windows.duration("file_window", c.fileWindow);
    windows.rejectUnknown();
    Section streaming = new Section(where, "streaming", root.get("streaming"));
    c.checkpointInterval = streaming.duration("checkpoint_interval", c.checkpointInterval);
    c.stateBackend = streaming.choice("state_backend", c.stateBackend, "hashmap", "rocksdb");
    c.checkpointDirectory = streaming.text("checkpoint_dir", c.checkpointDirectory);
    streaming.rejectUnknown();
    Section pipes = new Section(where, "named_pipes", root.get("named_pipes"));
    c.watchedPipes = pipes.strings("watched", c.watchedPipes);
    c.knownPipes = pipes.strings("known", c.knownPipes);
    c.allowlistedPipes = pipes.strings("allowlisted", c.allowlistedPipes);
    c.includeAllowlisted = pipes.bool("include_allowlisted", c.includeAllowlisted);
    pipes.rejectUnknown();
    Section nightly = new Section(where, "nightly", root.get("nightly"));
    c.previousDayContext = nightly.bool("previous_day_context", c.previousDayContext);
    nightly.rejectUnknown();
    return c;
  }

  /** The settings as the manifest records them. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("profile", profile.id());
    m.put("read.max_line_bytes", maxLineBytes);
    m.put("read.quarantine_raw_bytes", quarantineRawBytes);
    m.put("read.skip_unused_event_ids", skipUnusedEventIds);
    m.put("time.max_out_of_orderness", Durations.format(maxOutOfOrderness));
    m.put("time.source_idleness", Durations.format(sourceIdleness));
    m.put("time.connection_idle", Durations.format(connectionIdle));
    m.put("time.suricata_flow_memory", Durations.format(suricataFlowMemory));
    m.put("windows.session_window", Durations.format(sessionWindow));
    m.put("windows.file_window", Durations.format(fileWindow));
    m.put("streaming.checkpoint_interval", Durations.format(checkpointInterval));
    m.put("streaming.state_backend", stateBackend);
    m.put("streaming.checkpoint_dir", checkpointDirectory);
    m.put("named_pipes.watched", watchedPipes);
    m.put("named_pipes.known", knownPipes);
    m.put("named_pipes.allowlisted", allowlistedPipes);
    m.put("named_pipes.include_allowlisted", includeAllowlisted);
    m.put("nightly.previous_day_context", previousDayContext);
    return m;
  }

  /** The pipe lists as the CAR and host pipe analytics use them. */
  public NamedPipes namedPipes() {
    return new NamedPipes(watchedPipes, knownPipes, allowlistedPipes);
  }

  /** One mapping of the config file, read key by key so leftovers can be reported. */
  private static final class Section {
    private final String where;
    private final String name;
    private final JsonNode node;
    private final Set<String> seen = new java.util.HashSet<>();

    Section(String where, String name, JsonNode node) {
      this.where = where;
      this.name = name;
      if (node != null && !node.isNull() && !node.isObject()) {
        throw new ConfigException(where + ": " + name + ": expected a mapping of settings");
      }
      this.node = node;
    }

    int positiveInt(String key, int fallback) {
      JsonNode v = value(key);
      if (v == null) {
        return fallback;
      }
      if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
        throw rejected(key, "a whole number above 0", v.asText());
      }
      return v.asInt();
    }

    Duration duration(String key, Duration fallback) {
      JsonNode v = value(key);
      if (v == null) {
        return fallback;
      }
      Duration d = Durations.parse(where + ": " + name + "." + key, v.asText());
      if (d.isNegative() || d.isZero()) {
        throw rejected(key, "a duration above 0", v.asText());
      }
      return d;
    }

    List<String> strings(String key, List<String> fallback) {
      JsonNode v = value(key);
      if (v == null) {
        return fallback;
      }
      List<String> out = new java.util.ArrayList<>();
      if (v.isArray()) {
        for (JsonNode item : v) {
          if (item.isTextual() && !item.asText().isBlank()) {
            out.add(item.asText());
            continue;
          }
          out = null;
          break;
        }
      }
      if (out == null || !v.isArray()) {
        throw rejected(key, "a list of names", v.toString());
      }
      return List.copyOf(out);
    }

    String choice(String key, String fallback, String... allowed) {
      JsonNode v = value(key);
      if (v == null) {
        return fallback;
      }
      for (String a : allowed) {
        if (a.equals(v.asText())) {
          return a;
        }
      }
      throw rejected(key, String.join(" or ", allowed), v.asText());
    }

    String text(String key, String fallback) {
      JsonNode v = value(key);
      if (v == null) {
        return fallback;
      }
      if (!v.isTextual() || v.asText().isBlank()) {
        throw rejected(key, "a path or URI", v.asText());
      }
      return v.asText();
    }

    boolean bool(String key, boolean fallback) {
      JsonNode v = value(key);
      if (v == null) {
        return fallback;
      }
      if (!v.isBoolean()) {
        throw rejected(key, "true or false", v.asText());
      }
      return v.asBoolean();
    }

    /** The one-line message for a bad value: where, which key, what it accepts, what it got. */
    private ConfigException rejected(String key, String accepts, String got) {
      return new ConfigException(
          where + ": " + name + "." + key + ": accepts " + accepts + ", got '" + got + "'");
    }

    private JsonNode value(String key) {
      seen.add(key);
      if (node == null || !node.has(key) || node.get(key).isNull()) {
        return null;
      }
      return node.get(key);
    }

    void rejectUnknown() {
      if (node == null) {
        return;
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!seen.contains(key)) {
          throw new ConfigException(
              where
                  + ": unknown setting '"
                  + name
                  + "."
                  + key
                  + "' (known: "
                  + String.join(", ", seen)
                  + ")");
        }
      }
    }
  }
}
