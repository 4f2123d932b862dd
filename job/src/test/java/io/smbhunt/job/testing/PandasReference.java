package io.smbhunt.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.analytics.Evidence;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the playbook notebook's own pandas code ({@code tools/seed_pandas_reference.py}) on the same
 * files, for comparing the seed profile row by row. Needs Debian's python3-pandas, which {@code
 * bin/test} installs.
 */
public final class PandasReference {

  private static final Path SCRIPT = Path.of("../tools/seed_pandas_reference.py");
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Map<String, String> IDS =
      Map.of(
          "I", "smb_remote_file_1",
          "II", "smb_remote_file_2",
          "III", "smb_remote_file_3",
          "IV", "smb_remote_file_4",
          "V", "smb_remote_file_5");

  private PandasReference() {}

  /** Per analytic id, the rows as lists of {@code file:line} of their events (evidence order). */
  public static Map<String, List<List<String>>> rows(List<Path> files) throws Exception {
    if (!Files.isExecutable(PYTHON)) {
      throw new IllegalStateException("/usr/bin/python3 with python3-pandas is needed (bin/test)");
    }
    List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString()));
    files.forEach(f -> cmd.add(f.toString()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Map<String, List<List<String>>> rows = new HashMap<>();
    IDS.values().forEach(id -> rows.put(id, new ArrayList<>()));
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        JsonNode row = json.readTree(line);
        List<String> events = new ArrayList<>();
        for (JsonNode e : row.get("events")) {
          events.add(e.get(0).asText() + ":" + e.get(1).asLong());
        }
        rows.get(IDS.get(row.get("analytic").asText())).add(events);
      }
    }
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("the pandas reference failed: " + cmd);
    }
    return rows;
  }

  /** The same shape for smbhunt's rows: {@code file:line} of every evidence entry. */
  public static Map<String, List<List<String>>> rowsOf(List<Detection> detections) {
    Map<String, List<List<String>>> rows = new HashMap<>();
    IDS.values().forEach(id -> rows.put(id, new ArrayList<>()));
    for (Detection d : detections) {
      if (!rows.containsKey(d.analyticId)) {
        continue; // not a playbook analytic: the notebook has nothing to say about it
      }
      List<String> events = new ArrayList<>();
      for (Evidence e : d.evidence) {
        events.add(e.source.substring(e.source.lastIndexOf('/') + 1) + ":" + e.line);
      }
      rows.get(d.analyticId).add(events);
    }
    return rows;
  }
}
