package io.smbhunt.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 7's single-machine alternative: DuckDB over the same JSON-lines files, the way a hunter
 * would run the playbook "SMB Create Remote File" I–V on it in its fastest form — the files read
 * once into a table of the columns the analytics use, then the five analytics as SQL, each
 * materialising its rows (the playbook's SELECT list) into a temporary table.
 *
 * <p>The SQL follows {@code gen_events.py}'s {@code expected_rows} (its docstring, GROUND-TRUTH
 * SEMANTICS, and {@code compute_gt}): SQL NULL rules, unbounded inner joins on {@code
 * SubjectLogonId}; the C$ test is "ends with {@code \C$}" (what {@code compute_gt} counts; the
 * playbook's literal {@code LIKE '%C$'} also matches {@code IPC$} and is the {@code *_sql_like}
 * variant); V joins on the lower-cased basename. The five counts are checked against the corpus's
 * {@code ground_truth.json}.
 *
 * <p>Usage: {@code DuckDbBaseline --threads P --gt DIR/ground_truth.json [--all-events]
 * [--max-object-bytes N] FILE...}. Prints a human summary on stderr and one line {@code RESULT
 * {json}} on stdout. Timings: {@code connect_s} (opening the in-memory database, excluded from the
 * comparison), {@code scan_s} (the CREATE TABLE … FROM read_json), {@code queries_s} (the five
 * analytics), {@code total_s} = scan + queries.
 */
public final class DuckDbBaseline {

  /**
   * The columns the five analytics and their SELECT lists use. Every field is read as VARCHAR
   * except EventID: a number, or a numeric string that DuckDB casts (SPEC §4 accepts both); a JSON
   * number in a VARCHAR column (AccessMask 2, an int SubjectLogonId) becomes its text, which can
   * never equal {@code '0x2'} and only occurs on machine-account decoy lines.
   */
  static final String COLUMNS =
      "{EventID: 'BIGINT', Channel: 'VARCHAR', \"@timestamp\": 'VARCHAR', Hostname: 'VARCHAR',"
          + " ShareName: 'VARCHAR', SubjectUserName: 'VARCHAR', SubjectLogonId: 'VARCHAR',"
          + " AccessMask: 'VARCHAR', IpAddress: 'VARCHAR', IpPort: 'VARCHAR',"
          + " RelativeTargetName: 'VARCHAR', TargetFilename: 'VARCHAR', Image: 'VARCHAR'}";

  static final String SEC = "lower(Channel) = 'security'";
  // NOT ends_with(NULL, '$') is NULL: a missing user is not a non-machine user (expected_rows).
  static final String ND = "NOT ends_with(SubjectUserName, '$')";
  static final String IPC =
      "EventID = 5140 AND " + SEC + " AND ends_with(ShareName, 'IPC$') AND " + ND;
  static final String CS =
      "EventID = 5140 AND " + SEC + " AND ends_with(ShareName, '\\C$') AND " + ND;
  static final String WR =
      "EventID = 5145 AND " + SEC + " AND ends_with(ShareName, '\\C$') AND AccessMask = '0x2'";
  static final String ROW =
      "\"@timestamp\", Hostname, ShareName, SubjectUserName, SubjectLogonId, IpAddress, IpPort,"
          + " RelativeTargetName";

  /** The five analytics, keyed as in ground_truth.json; each is the SELECT of its result rows. */
  static final Map<String, String> ANALYTICS = new LinkedHashMap<>();

  static {
    ANALYTICS.put(
        "I",
        "SELECT \"@timestamp\", Hostname, ShareName, SubjectUserName, SubjectLogonId, AccessMask"
            + " FROM events WHERE EventID = 5140 AND "
            + SEC
            + " AND NOT ends_with(ShareName, 'IPC$') AND "
            + ND);
    ANALYTICS.put(
        "II",
        "SELECT b.\"@timestamp\", b.Hostname, b.ShareName, b.SubjectUserName, b.SubjectLogonId,"
            + " b.IpAddress, b.IpPort FROM (SELECT * FROM events WHERE "
            + CS
            + ") b JOIN (SELECT SubjectLogonId FROM events WHERE "
            + IPC
            + ") a ON b.SubjectLogonId = a.SubjectLogonId");
    ANALYTICS.put("III", "SELECT " + ROW + " FROM events WHERE " + WR + " AND " + ND);
    ANALYTICS.put(
        "IV",
        "SELECT d.\"@timestamp\", d.Hostname, d.ShareName, d.SubjectUserName, d.SubjectLogonId,"
            + " d.IpAddress, d.IpPort, d.RelativeTargetName FROM (SELECT * FROM events WHERE "
            + WR
            + ") d JOIN (SELECT b.SubjectLogonId FROM (SELECT SubjectLogonId FROM events WHERE "
            + CS
            + ") b JOIN (SELECT SubjectLogonId FROM events WHERE "
            + IPC
            + ") a ON b.SubjectLogonId = a.SubjectLogonId) c ON d.SubjectLogonId = c.SubjectLogonId");
    ANALYTICS.put(
        "V",
        "SELECT b.\"@timestamp\", b.Hostname, b.ShareName, b.SubjectUserName, b.SubjectLogonId,"
            + " b.IpAddress, b.IpPort, b.RelativeTargetName FROM (SELECT *,"
            + " lower(string_split(RelativeTargetName, '\\')[-1]) AS basename FROM events"
            + " WHERE EventID = 5145 AND "
            + SEC
            + " AND AccessMask = '0x2') b JOIN (SELECT lower(string_split(TargetFilename,"
            + " '\\')[-1]) AS basename FROM events WHERE EventID = 11"
            + " AND Channel = 'Microsoft-Windows-Sysmon/Operational' AND Image = 'System') a"
            + " ON b.basename = a.basename");
  }

  private DuckDbBaseline() {}

  public static void main(String[] args) throws Exception {
    int threads = 1;
    String gt = null;
    boolean allEvents = false;
    // The corpus has one 24 MB line (a Sysmon 13) above DuckDB's 16 MB default: without a larger
    // limit read_json fails on it even with ignore_errors.
    long maxObjectBytes = 64L << 20;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--gt" -> gt = args[++i];
        case "--all-events" -> allEvents = true;
        case "--max-object-bytes" -> maxObjectBytes = Long.parseLong(args[++i]);
        default -> {
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException("unknown flag " + args[i]);
          }
          files.add(args[i]);
        }
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "usage: DuckDbBaseline --threads P [--gt ground_truth.json] [--all-events]"
              + " [--max-object-bytes N] FILE...");
    }
    Map<String, Object> result = run(threads, files, maxObjectBytes, allEvents);
    if (gt != null) {
      JsonNode expected = new ObjectMapper().readTree(new File(gt)).get("expected_rows");
      @SuppressWarnings("unchecked")
      Map<String, Long> counts = (Map<String, Long>) result.get("counts");
      boolean match = true;
      Map<String, Long> exp = new LinkedHashMap<>();
      for (String id : ANALYTICS.keySet()) {
        exp.put(id, expected.get(id).asLong());
        match &= expected.get(id).asLong() == counts.get(id);
      }
      result.put("expected", exp);
      result.put("match", match);
    }
    System.err.printf(
        Locale.ROOT,
        "duckdb threads=%d connect %.2f s, scan %.2f s (%,d rows), queries %.2f s, total %.2f s,"
            + " counts %s%s%n",
        threads,
        result.get("connect_s"),
        result.get("scan_s"),
        result.get("rows_loaded"),
        result.get("queries_s"),
        result.get("total_s"),
        result.get("counts"),
        result.containsKey("match") ? " match=" + result.get("match") : "");
    System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
  }

  static Map<String, Object> run(
      int threads, List<String> files, long maxObjectBytes, boolean allEvents) throws SQLException {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("tool", "duckdb");
    result.put("threads", threads);
    long t0 = System.nanoTime();
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = conn.createStatement()) {
      st.execute("SET threads = " + threads);
      // Row order is irrelevant to the analytics; keeping it costs DuckDB parallelism in the load.
      st.execute("SET preserve_insertion_order = false");
      try (ResultSet rs = st.executeQuery("SELECT version()")) {
        rs.next();
        result.put("duckdb_version", rs.getString(1));
      }
      long t1 = System.nanoTime();
      StringBuilder list = new StringBuilder("[");
      for (String f : files) {
        list.append(list.length() > 1 ? ", " : "").append('\'').append(f.replace("'", "''"));
        list.append('\'');
      }
      list.append(']');
      String load =
          "CREATE TABLE events AS SELECT * FROM read_json("
              + list
              + ", format = 'newline_delimited', ignore_errors = true, maximum_object_size = "
              + maxObjectBytes
              + ", columns = "
              + COLUMNS
              + ")"
              // The three event ids the analytics read; --all-events keeps every line's row.
              + (allEvents ? "" : " WHERE EventID IN (5140, 5145, 11)");
      st.execute(load);
      long t2 = System.nanoTime();
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM events")) {
        rs.next();
        result.put("rows_loaded", rs.getLong(1));
      }
      long t3 = System.nanoTime();
      Map<String, Long> counts = new LinkedHashMap<>();
      Map<String, Double> perQuery = new LinkedHashMap<>();
      for (Map.Entry<String, String> a : ANALYTICS.entrySet()) {
        long q0 = System.nanoTime();
        String table = "result_" + a.getKey().toLowerCase(Locale.ROOT);
        st.execute("CREATE TEMP TABLE " + table + " AS " + a.getValue());
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          counts.put(a.getKey(), rs.getLong(1));
        }
        perQuery.put(a.getKey(), seconds(System.nanoTime() - q0));
      }
      long t4 = System.nanoTime();
      result.put("connect_s", seconds(t1 - t0));
      result.put("scan_s", seconds(t2 - t1));
      result.put("queries_s", seconds(t4 - t3));
      result.put("total_s", seconds((t2 - t1) + (t4 - t3)));
      result.put("query_s", perQuery);
      result.put("counts", counts);
      result.put("all_events", allEvents);
      result.put("load_sql", load);
    }
    return result;
  }

  static double seconds(long nanos) {
    return Math.round(nanos / 1e6) / 1e3;
  }
}
