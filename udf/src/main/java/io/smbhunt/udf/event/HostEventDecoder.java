package io.smbhunt.udf.event;

import io.smbhunt.udf.json.JsonFieldScanner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes one JSON line of a Windows event archive into a {@link HostEvent}, or says why it cannot.
 *
 * <p>Understands the shapes Windows events are archived in: the Security-Datasets (Mordor/NXLog)
 * flat form (fields at the top level, {@code @timestamp} or only {@code TimeCreated}), Winlogbeat
 * 7+/ECS ({@code winlog.channel}, {@code winlog.event_id} or {@code event.code}, {@code
 * winlog.computer_name}, {@code winlog.event_data.*}; Sysmon's {@code Image} and {@code
 * TargetFilename} as {@code process.executable} and {@code file.path} where Winlogbeat's sysmon
 * module or Elastic Agent renamed them) and Winlogbeat 6 ({@code event_id}, {@code log_name},
 * {@code computer_name}, {@code event_data.*}); evtx_dump's JSON ({@code Event.System.*}, {@code
 * Event.EventData.*}); each of them also as an Elasticsearch export wraps it ({@code _source.*}).
 * Every line is validated in full; only events some analytic can use are turned into objects.
 *
 * <p>Not thread-safe: one decoder per task, reused for every line.
 */
public final class HostEventDecoder {

  /** The Sysmon channel, as Windows names it. */
  public static final String SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational";

  private static final byte[] SECURITY = "security".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SYSMON =
      SYSMON_CHANNEL.toLowerCase().getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SYSTEM = "system".getBytes(StandardCharsets.US_ASCII);
  private static final int SYSMON_FILE_CREATE = 11;

  /** The logical fields; each may live at several paths depending on the shipper. */
  private enum Field {
    EVENT_ID,
    CHANNEL,
    TIMESTAMP,
    TIME_CREATED,
    HOST,
    SUBJECT_USER_NAME,
    SUBJECT_LOGON_ID,
    TARGET_LOGON_ID,
    SHARE_NAME,
    RELATIVE_TARGET_NAME,
    ACCESS_MASK,
    IP_ADDRESS,
    IP_PORT,
    IMAGE,
    TARGET_FILENAME
  }

  /** Where EventData fields sit in the four shapes, in order of preference. */
  private static final String[][] EVENT_DATA_PREFIXES = {
    {}, {"winlog", "event_data"}, {"event_data"}, {"Event", "EventData"}
  };

  private final JsonFieldScanner scanner;

  /** For each {@link Field}, its scanner slots in order of preference. */
  private final int[][] slots = new int[Field.values().length][];

  private final DecodeResult result = new DecodeResult();

  /** The id inside evtx_dump's {@code "EventID": {"#attributes": {…}, "#text": 7045}}. */
  private final JsonFieldScanner qualifiedEventId = new JsonFieldScanner(List.of(p("#text")));

  public HostEventDecoder() {
    List<List<String>> paths = new ArrayList<>();
    define(paths, Field.EVENT_ID, p("EventID"), p("winlog", "event_id"), p("event", "code"));
    addAlternative(paths, Field.EVENT_ID, p("event_id"));
    // evtx_dump's JSON (omerbenamram/evtx; Chainsaw, Zircolite and Sigma's regression data read
    // it): the event's XML as objects, {"Event": {"System": {…}, "EventData": {…}}}.
    addAlternative(paths, Field.EVENT_ID, p("Event", "System", "EventID"));
    define(paths, Field.CHANNEL, p("Channel"), p("winlog", "channel"), p("log_name"));
    addAlternative(paths, Field.CHANNEL, p("Event", "System", "Channel"));
    define(paths, Field.TIMESTAMP, p("@timestamp"));
    // Winlogbeat writes the record's own time both as @timestamp and as winlog.time_created; an
    // export that dropped @timestamp (Elastic Agent's forwarded-events input before its pipeline)
    // still has the latter.
    define(
        paths,
        Field.TIME_CREATED,
        p("TimeCreated"),
        p("winlog", "time_created"),
        p("Event", "System", "TimeCreated", "#attributes", "SystemTime"));
    define(
        paths,
        Field.HOST,
        p("Hostname"),
        p("winlog", "computer_name"),
        p("computer_name"),
        p("Computer"),
        p("Event", "System", "Computer"));
    defineEventData(paths, Field.SUBJECT_USER_NAME, "SubjectUserName");
    defineEventData(paths, Field.SUBJECT_LOGON_ID, "SubjectLogonId");
    defineEventData(paths, Field.TARGET_LOGON_ID, "TargetLogonId");
    defineEventData(paths, Field.SHARE_NAME, "ShareName");
    defineEventData(paths, Field.RELATIVE_TARGET_NAME, "RelativeTargetName");
    defineEventData(paths, Field.ACCESS_MASK, "AccessMask");
    defineEventData(paths, Field.IP_ADDRESS, "IpAddress");
    defineEventData(paths, Field.IP_PORT, "IpPort");
    defineEventData(paths, Field.IMAGE, "Image");
    defineEventData(paths, Field.TARGET_FILENAME, "TargetFilename");
    // Winlogbeat 7's sysmon and security modules and Elastic Agent's pipelines move some
    // EventData fields to ECS names (a rename: the event_data field is gone). Read them there
    // when event_data lacks them, or Sysmon file creates archived that way would never join.
    addAlternative(paths, Field.IMAGE, p("process", "executable"));
    addAlternative(paths, Field.TARGET_FILENAME, p("file", "path"));
    addAlternative(paths, Field.IP_ADDRESS, p("source", "ip"));
    addAlternative(paths, Field.IP_PORT, p("source", "port"));
    // An Elasticsearch export (elasticdump, the scroll API) wraps each document as {"_index": …,
    // "_source": {…}}: every shape above, one level down, after the unwrapped paths.
    for (Field f : Field.values()) {
      for (int slot : slots[f.ordinal()].clone()) {
        addAlternative(paths, f, underSource(paths.get(slot)));
      }
    }
    this.scanner = new JsonFieldScanner(paths);
  }

  private static List<String> underSource(List<String> path) {
    List<String> wrapped = new ArrayList<>();
    wrapped.add("_source");
    wrapped.addAll(path);
    return wrapped;
  }

  /**
   * Whether a line is a Windows event in one of the shapes this decoder reads: a JSON object with
   * an event id where one of the shippers puts it. Used once per file to tell event archives from
   * network logs, so it may allocate.
   */
  public static boolean looksLikeWindowsEvent(byte[] line, int off, int len) {
    List<List<String>> probes = new ArrayList<>();
    for (List<String> path :
        List.of(
            p("EventID"),
            p("winlog", "event_id"),
            p("event_id"),
            p("winlog", "channel"),
            p("Channel"),
            p("Event", "System", "EventID"))) {
      probes.add(path);
      probes.add(underSource(path));
    }
    JsonFieldScanner probe = new JsonFieldScanner(probes);
    if (!probe.scan(line, off, len)) {
      return false;
    }
    for (int slot = 0; slot < probes.size(); slot++) {
      byte t = probe.type(slot);
      if (t != JsonFieldScanner.ABSENT && t != JsonFieldScanner.NULL) {
        return true;
      }
    }
    return false;
  }

  /**
   * Decodes {@code bytes[off, off+len)}, read from line {@code line} of {@code source}. The result
   * object is reused by the next call.
   */
  public DecodeResult decode(byte[] bytes, int off, int len, String source, long line) {
    if (!scanner.scan(bytes, off, len)) {
      return result.quarantine(scanner.error(), scanner.errorDetail());
    }
    int eventIdSlot = first(Field.EVENT_ID);
    if (eventIdSlot < 0) {
      return result.quarantine("missing_event_id", "no EventID (nor winlog.event_id/event.code)");
    }
    long eventId = scanner.integer(eventIdSlot);
    if (eventId == Long.MIN_VALUE) {
      eventId = qualifiedEventId(eventIdSlot);
    }
    if (eventId < 0 || eventId > 65_535) {
      return result.quarantine(
          "invalid_event_id", "EventID is neither a number nor a numeric string");
    }
    int channelSlot = first(Field.CHANNEL);
    if (channelSlot < 0 || !scanner.isString(channelSlot)) {
      return result.quarantine("missing_channel", "no Channel string (nor winlog.channel)");
    }
    long timestamp = timestamp();
    if (timestamp == EventTimes.INVALID) {
      return result; // timestamp() has set the quarantine reason
    }
    if (!isRelevant((int) eventId, channelSlot)) {
      return result.notRelevant();
    }
    HostEvent e = new HostEvent();
    e.source = source;
    e.line = line;
    e.timestamp = timestamp;
    e.eventId = (int) eventId;
    e.channel = scanner.string(channelSlot);
    e.host = string(Field.HOST);
    e.subjectUserName = string(Field.SUBJECT_USER_NAME);
    e.subjectLogonId = string(Field.SUBJECT_LOGON_ID);
    e.targetLogonId = string(Field.TARGET_LOGON_ID);
    e.shareName = string(Field.SHARE_NAME);
    e.relativeTargetName = string(Field.RELATIVE_TARGET_NAME);
    e.ipAddress = string(Field.IP_ADDRESS);
    e.ipPort = portText();
    e.image = string(Field.IMAGE);
    e.targetFilename = string(Field.TARGET_FILENAME);
    readAccessMask(e);
    return result.event(e);
  }

  /**
   * evtx_dump writes an EventID with qualifiers as {@code {"#attributes": {…}, "#text": 7045}}:
   * rare, and kept out of the path every line takes.
   */
  private long qualifiedEventId(int slot) {
    return scanner.scanObject(slot, qualifiedEventId)
        ? qualifiedEventId.integer(0)
        : Long.MIN_VALUE;
  }

  /**
   * Whether any analytic can use an event with this id: share access (5140/5145) and logoffs
   * (4634/4647) from Security, Sysmon's file creates (11). {@link EventIdPrefilter} skips lines on
   * this test alone; {@link #isRelevant} adds the channel (and image) to it.
   */
  public static boolean isUsedEventId(long eventId) {
    return eventId == 5140
        || eventId == 5145
        || eventId == 4634
        || eventId == 4647
        || eventId == SYSMON_FILE_CREATE;
  }

  /** A used id from its channel: Security's share access and logoffs, System's file creates. */
  private boolean isRelevant(int eventId, int channelSlot) {
    if (!isUsedEventId(eventId)) {
      return false;
    }
    if (eventId == SYSMON_FILE_CREATE) {
      int image = first(Field.IMAGE);
      return image >= 0
          && scanner.stringEqualsIgnoreCase(channelSlot, SYSMON)
          && scanner.stringEqualsIgnoreCase(image, SYSTEM);
    }
    return scanner.stringEqualsIgnoreCase(channelSlot, SECURITY);
  }

  private long timestamp() {
    int slot = first(Field.TIMESTAMP);
    String name = "@timestamp";
    if (slot < 0) {
      slot = first(Field.TIME_CREATED);
      name = "TimeCreated";
    }
    if (slot < 0) {
      result.quarantine(
          "missing_timestamp", "no @timestamp (nor TimeCreated, winlog.time_created)");
      return EventTimes.INVALID;
    }
    // Every line has one: parsed from the line's bytes, a String only for the quarantine.
    CharSequence text = scanner.chars(slot);
    if (text == null) {
      result.quarantine("invalid_timestamp", name + " is not a string");
      return EventTimes.INVALID;
    }
    long t = EventTimes.parseMillis(text);
    if (t == EventTimes.INVALID) {
      result.quarantine(
          "invalid_timestamp", name + " '" + cut(text.toString()) + "' is not a timestamp");
    }
    return t;
  }

  /**
   * AccessMask arrives as {@code "0x2"} (hex text, as Windows renders it), sometimes as a JSON
   * number, and from Elastic's pipelines as a list ({@code ["0x2"]}, see {@link
   * AccessMasks#parseList}). The seed profile compares the text exactly, so the text is kept as it
   * was.
   */
  private void readAccessMask(HostEvent e) {
    int slot = first(Field.ACCESS_MASK);
    if (slot < 0) {
      return;
    }
    if (scanner.isString(slot)) {
      String text = scanner.string(slot);
      e.accessMaskText = text;
      e.accessMask = AccessMasks.parse(text);
    } else if (scanner.type(slot) == JsonFieldScanner.NUMBER) {
      long v = scanner.integer(slot);
      e.accessMask = (v >= 0 && v <= 0xFFFF_FFFFL) ? v : HostEvent.NO_ACCESS_MASK;
    } else if (scanner.type(slot) == JsonFieldScanner.ARRAY) {
      List<String> elements = scanner.stringElements(slot);
      e.accessMask = AccessMasks.parseList(elements);
      // The pipelines turn the one string Windows logged into a list of it: that string is the
      // text the seed profile compares. (A longer list has no one text.)
      if (e.accessMask != HostEvent.NO_ACCESS_MASK && elements.size() == 1) {
        e.accessMaskText = elements.get(0);
      }
    }
  }

  /** IpPort is a string in NXLog output and a number in some shippers: keep it as text. */
  private String portText() {
    int slot = first(Field.IP_PORT);
    if (slot < 0) {
      return null;
    }
    return scanner.isString(slot) ? scanner.string(slot) : scanner.numberText(slot);
  }

  private String string(Field f) {
    int slot = first(f);
    return slot < 0 ? null : scanner.string(slot);
  }

  /** The first alternative of {@code f} present in this line (not null), or -1. */
  private int first(Field f) {
    for (int slot : slots[f.ordinal()]) {
      byte t = scanner.type(slot);
      if (t != JsonFieldScanner.ABSENT && t != JsonFieldScanner.NULL) {
        return slot;
      }
    }
    return -1;
  }

  private void defineEventData(List<List<String>> paths, Field f, String name) {
    List<String>[] alternatives = new List[EVENT_DATA_PREFIXES.length];
    for (int k = 0; k < EVENT_DATA_PREFIXES.length; k++) {
      List<String> path = new ArrayList<>(Arrays.asList(EVENT_DATA_PREFIXES[k]));
      path.add(name);
      alternatives[k] = path;
    }
    define(paths, f, alternatives);
  }

  @SafeVarargs
  private void define(List<List<String>> paths, Field f, List<String>... alternatives) {
    int[] s = new int[alternatives.length];
    for (int k = 0; k < alternatives.length; k++) {
      s[k] = paths.size();
      paths.add(alternatives[k]);
    }
    slots[f.ordinal()] = s;
  }

  private void addAlternative(List<List<String>> paths, Field f, List<String> path) {
    int[] old = slots[f.ordinal()];
    int[] s = Arrays.copyOf(old, old.length + 1);
    s[old.length] = paths.size();
    paths.add(path);
    slots[f.ordinal()] = s;
  }

  private static List<String> p(String... keys) {
    return Arrays.asList(keys);
  }

  private static String cut(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
