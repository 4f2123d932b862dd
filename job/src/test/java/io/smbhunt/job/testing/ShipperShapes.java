package io.smbhunt.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-shapes the real sample's NXLog flat events, line for line, into the shapes other shippers
 * archive the same Windows events in, so the whole pipeline can be run on real records in each
 * shape (SPEC §4). Only the envelope moves; every EventData value stays as Windows logged it.
 */
public final class ShipperShapes {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** NXLog's own fields (im_msvistalog and Logstash's); everything else is EventData. */
  private static final Set<String> NXLOG_ENVELOPE =
      Set.of(
          "Keywords",
          "SeverityValue",
          "EventID",
          "ProviderGuid",
          "ExecutionProcessID",
          "host",
          "Channel",
          "ThreadID",
          "EventReceivedTime",
          "Opcode",
          "EventTime",
          "@timestamp",
          "SourceModuleType",
          "port",
          "RecordNumber",
          "Task",
          "@version",
          "OpcodeValue",
          "SourceModuleName",
          "Severity",
          "SourceName",
          "Version",
          "Category",
          "Hostname",
          "tags",
          "EventType",
          "Message",
          "UserID",
          "AccountType",
          "AccountName",
          "Domain");

  /**
   * What Winlogbeat 7's sysmon module renames (winlogbeat-sysmon.js, {@code mode: "rename"}):
   * EventData field → ECS field. {@code UtcTime} becomes {@code @timestamp}.
   */
  private static final Map<String, String> SYSMON_RENAMES =
      Map.of(
          "ProcessGuid", "process.entity_id",
          "ProcessId", "process.pid",
          "Image", "process.executable",
          "TargetFilename", "file.path");

  /**
   * The Security source address as ECS has it ({@code source.ip}, {@code source.port} a number):
   * Winlogbeat's security module renames these for logon events, and the Elastic pipelines of some
   * versions for others; the harder case for a reader is that they are gone from EventData.
   */
  private static final Map<String, String> SECURITY_RENAMES =
      Map.of("IpAddress", "source.ip", "IpPort", "source.port");

  private ShipperShapes() {}

  /** Winlogbeat 7 with its security and sysmon modules, output to a file (ECS, one per line). */
  public static Path winlogbeat7Modules(Path flat, Path out) throws IOException {
    return reshape(flat, out, ShipperShapes::winlogbeat7);
  }

  /**
   * Winlogbeat 7 with its modules, as an Elasticsearch export writes the indexed documents
   * (elasticdump, the scroll API): each one inside {@code {"_index": …, "_source": {…}}}.
   */
  public static Path elasticsearchExport(Path flat, Path out) throws IOException {
    return reshape(
        flat,
        out,
        e -> {
          ObjectNode hit = JSON.createObjectNode();
          hit.put("_index", "winlogbeat-7.10.2-2020.09.22-000001");
          hit.put("_type", "_doc");
          hit.put("_id", e.get("RecordNumber").asText());
          hit.put("_score", 1);
          hit.set("_source", winlogbeat7(e));
          return hit;
        });
  }

  /** Winlogbeat 6 (no ECS): {@code event_id}, {@code log_name}, {@code event_data.*}. */
  public static Path winlogbeat6(Path flat, Path out) throws IOException {
    return reshape(flat, out, ShipperShapes::winlogbeat6);
  }

  private interface Shape {
    ObjectNode of(JsonNode nxlog);
  }

  private static Path reshape(Path flat, Path out, Shape shape) throws IOException {
    List<String> lines = Files.readAllLines(flat, StandardCharsets.UTF_8);
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(JSON.writeValueAsString(shape.of(JSON.readTree(line)))).append('\n');
    }
    Files.writeString(out, text, StandardCharsets.UTF_8);
    return out;
  }

  private static ObjectNode winlogbeat7(JsonNode e) {
    boolean sysmon = e.get("Channel").asText().endsWith("Sysmon/Operational");
    ObjectNode doc = JSON.createObjectNode();
    doc.set("@timestamp", e.get("@timestamp"));
    doc.putObject("agent").put("type", "winlogbeat").put("version", "7.10.2");
    ObjectNode event = doc.putObject("event");
    event.put("code", e.get("EventID").asText()).put("kind", "event");
    event.put("module", sysmon ? "sysmon" : "security");
    doc.putObject("host").put("name", e.get("Hostname").asText().toLowerCase());
    if (e.has("Message")) {
      doc.set("message", e.get("Message"));
    }
    ObjectNode winlog = doc.putObject("winlog");
    winlog.put("channel", windowsChannelName(e.get("Channel").asText()));
    winlog.set("computer_name", e.get("Hostname"));
    winlog.set("event_id", e.get("EventID"));
    winlog.set("record_id", e.get("RecordNumber"));
    winlog.set("provider_name", e.get("SourceName"));
    ObjectNode eventData = eventData(e, winlog.putObject("event_data"));
    Map<String, String> renames = sysmon ? SYSMON_RENAMES : SECURITY_RENAMES;
    renames.forEach((from, to) -> moveTo(eventData, from, doc, to));
    if (eventData.has("AccessMask")) {
      // The security pipelines split the mask's text on white space: "0x2" becomes ["0x2"]
      // (elastic/integrations' test-security-5145.json-expected.json).
      String mask = eventData.get("AccessMask").asText();
      ArrayNode list = eventData.putArray("AccessMask");
      for (String token : mask.trim().split("\\s+")) {
        list.add(token);
      }
    }
    if (sysmon && eventData.has("UtcTime")) {
      // 2020-09-22 18:53:30.880 → 2020-09-22T18:53:30.880Z, as the module's parseUtcTime does.
      doc.put("@timestamp", eventData.remove("UtcTime").asText().replace(' ', 'T') + "Z");
    }
    if (doc.has("source") && doc.get("source").has("port")) {
      // A number in ECS; Windows writes "-" where there is no port, which ECS leaves out.
      ObjectNode source = (ObjectNode) doc.get("source");
      String port = source.get("port").asText();
      if (port.matches("\\d+")) {
        source.put("port", Long.parseLong(port));
      } else {
        source.remove("port");
      }
    }
    return doc;
  }

  private static ObjectNode winlogbeat6(JsonNode e) {
    ObjectNode doc = JSON.createObjectNode();
    doc.set("@timestamp", e.get("@timestamp"));
    doc.putObject("beat").put("name", "WECServer").put("version", "6.8.0");
    doc.set("computer_name", e.get("Hostname"));
    doc.set("event_id", e.get("EventID"));
    doc.put("log_name", windowsChannelName(e.get("Channel").asText()));
    doc.set("source_name", e.get("SourceName"));
    doc.put("record_number", e.get("RecordNumber").asText());
    eventData(e, doc.putObject("event_data"));
    if (e.has("Message")) {
      doc.set("message", e.get("Message"));
    }
    doc.put("type", "wineventlog");
    return doc;
  }

  private static ObjectNode eventData(JsonNode e, ObjectNode into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!NXLOG_ENVELOPE.contains(field.getKey())) {
        into.set(field.getKey(), field.getValue());
      }
    }
    return into;
  }

  /** NXLog wrote the Security channel as {@code security}; Windows and Winlogbeat say Security. */
  private static String windowsChannelName(String channel) {
    return channel.equalsIgnoreCase("security") ? "Security" : channel;
  }

  private static void moveTo(ObjectNode from, String field, ObjectNode doc, String dottedPath) {
    JsonNode value = from.remove(field);
    if (value == null) {
      return;
    }
    String[] keys = dottedPath.split("\\.");
    ObjectNode node = doc;
    for (int k = 0; k < keys.length - 1; k++) {
      node = node.has(keys[k]) ? (ObjectNode) node.get(keys[k]) : node.putObject(keys[k]);
    }
    node.set(keys[keys.length - 1], value);
  }
}
