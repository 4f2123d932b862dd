package io.smbhunt.job.read;

import io.smbhunt.udf.event.HostEventDecoder;
import io.smbhunt.udf.flow.FlowFormat;
import io.smbhunt.udf.flow.FlowFormats;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The line formats smbhunt reads, recognised per file from its name and first line, or named by the
 * user ({@code --input zeek-tsv:/path}).
 */
public enum RecordFormat {
  WINDOWS_EVENTS("windows", null),
  ZEEK_JSON("zeek-json", FlowFormat.ZEEK_JSON),
  ZEEK_TSV("zeek-tsv", FlowFormat.ZEEK_TSV),
  SURICATA_EVE("suricata", FlowFormat.SURICATA_EVE),
  CAR_FLOW("car", FlowFormat.CAR_FLOW);

  /** The name users write and records carry. */
  public final String id;

  /** The flow decoder's format; {@code null} for Windows events. */
  public final FlowFormat flowFormat;

  RecordFormat(String id, FlowFormat flowFormat) {
    this.id = id;
    this.flowFormat = flowFormat;
  }

  /** values() copies its array on every call; the decoder looks a format up for every line. */
  private static final RecordFormat[] ALL = values();

  /** The format with this id, or {@code null}. */
  public static RecordFormat fromId(String id) {
    for (RecordFormat f : ALL) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    return null;
  }

  /**
   * The format an input names as {@code FORMAT:PATH} (the name in any case), or {@code null}:
   * {@code s3://…} or {@code C:\…} name none, since no format is called {@code s3} or {@code C}.
   */
  public static RecordFormat prefixOf(String input) {
    int colon = input.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String prefix = input.substring(0, colon);
    for (RecordFormat f : ALL) {
      if (f.id.equalsIgnoreCase(prefix)) {
        return f;
      }
    }
    return null;
  }

  /**
   * The name before the colon of an input that looks like {@code FORMAT:PATH} but names no format
   * ({@code jsonl:x}, {@code zeekjson:logs}), or {@code null}. Not a format: a URI's scheme,
   * followed by {@code /} ({@code s3://bucket}, {@code hdfs:/archive}, {@code file:/x}), a drive
   * letter ({@code C:\x}), or a colon inside a path ({@code ./a:b}, {@code /x/a:b}). Flink would
   * otherwise take the name for a file system's scheme and fail with a stack trace that lists no
   * formats.
   */
  public static String unknownPrefixOf(String input) {
    int colon = input.indexOf(':');
    if (colon <= 1 || prefixOf(input) != null) {
      return null;
    }
    String prefix = input.substring(0, colon);
    boolean looksLikeAName = prefix.matches("[A-Za-z][A-Za-z0-9+._-]*");
    // hdfs:/archive resolves against the cluster's default file system, as file:/x does locally.
    boolean uri = input.startsWith("/", colon + 1);
    return looksLikeAName && !uri ? prefix : null;
  }

  /** {@code input} without its {@code FORMAT:} prefix. */
  public static String withoutPrefix(String input) {
    RecordFormat f = prefixOf(input);
    return f == null ? input : input.substring(f.id.length() + 1);
  }

  /** The ids, for messages. */
  public static String ids() {
    return Arrays.stream(values()).map(f -> f.id).collect(Collectors.joining(", "));
  }

  /**
   * What a file holds, judged from its name and first line: Windows events if the line carries an
   * event id where a Windows shipper puts one, else a network-log format if the flow decoders
   * recognise it, else Windows events (whose decoder then says what is wrong, line by line).
   */
  public static RecordFormat sniff(String fileName, byte[] firstLine) {
    if (HostEventDecoder.looksLikeWindowsEvent(firstLine, 0, firstLine.length)) {
      return WINDOWS_EVENTS;
    }
    FlowFormat flow = FlowFormats.sniff(fileName, firstLine, 0, firstLine.length);
    if (flow == null) {
      return WINDOWS_EVENTS;
    }
    for (RecordFormat f : values()) {
      if (f.flowFormat == flow) {
        return f;
      }
    }
    return WINDOWS_EVENTS;
  }
}
