package io.smbhunt.job.write;

import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.analytics.Evidence;
import io.smbhunt.job.decode.QuarantineRecord;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Parquet back through DuckDB, an independent implementation, so the tests check what
 * consumers actually see rather than what our own code believes it wrote.
 */
public final class DuckDb implements AutoCloseable {

  private final Connection connection;

  public DuckDb() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
  }

  /** A {@code read_parquet(...)} call for the given glob, quoted for SQL. */
  public static String readParquet(String glob, String options) {
    String quoted = "'" + glob.replace("'", "''") + "'";
    return "read_parquet(" + quoted + (options.isEmpty() ? "" : ", " + options) + ")";
  }

  /** Column name to DuckDB type, in file order. */
  Map<String, String> describe(String from) throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + from)) {
      while (rs.next()) {
        types.put(rs.getString("column_name"), rs.getString("column_type"));
      }
    }
    return types;
  }

  /** The first column of every row of {@code sql}. */
  List<Object> column(String sql) throws SQLException {
    List<Object> values = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getObject(1));
      }
    }
    return values;
  }

  public List<Detection> detections(String from) throws SQLException {
    // Timestamps come back as epoch millis so the comparison does not depend on time zones, and
    // the evidence structs as parallel lists so nothing relies on the driver's struct mapping.
    String sql =
        "SELECT analytic_id, title, attack_techniques, severity, epoch_ms(event_time) AS t,"
            + " host, \"user\", logon_id, src_ip, src_port, dst_ip, dst_port, share, target, detail,"
            + " list_transform(evidence, lambda e: e.source) AS ev_source,"
            + " list_transform(evidence, lambda e: e.line) AS ev_line,"
            + " list_transform(evidence, lambda e: epoch_ms(e.event_time)) AS ev_time,"
            + " list_transform(evidence, lambda e: e.event_id) AS ev_id"
            + " FROM "
            + from;
    List<Detection> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        Detection d = new Detection();
        d.analyticId = rs.getString("analytic_id");
        d.title = rs.getString("title");
        d.attackTechniques = strings(rs.getArray("attack_techniques"));
        d.severity = rs.getString("severity");
        d.eventTime = rs.getLong("t");
        d.host = rs.getString("host");
        d.user = rs.getString("user");
        d.logonId = rs.getString("logon_id");
        d.srcIp = rs.getString("src_ip");
        d.srcPort = (Integer) rs.getObject("src_port");
        d.dstIp = rs.getString("dst_ip");
        d.dstPort = (Integer) rs.getObject("dst_port");
        d.share = rs.getString("share");
        d.target = rs.getString("target");
        d.detail = rs.getString("detail");
        d.evidence = evidence(rs);
        rows.add(d);
      }
    }
    return rows;
  }

  public List<QuarantineRecord> quarantine(String from) throws SQLException {
    List<QuarantineRecord> rows = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + from)) {
      while (rs.next()) {
        rows.add(
            new QuarantineRecord(
                rs.getString("source"),
                rs.getLong("line"),
                rs.getString("reason"),
                rs.getString("detail"),
                rs.getString("raw"),
                rs.getLong("raw_length")));
      }
    }
    return rows;
  }

  private static String[] strings(Array array) throws SQLException {
    if (array == null) {
      return null;
    }
    Object[] values = (Object[]) array.getArray();
    String[] strings = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      strings[i] = (String) values[i];
    }
    return strings;
  }

  private static Evidence[] evidence(ResultSet rs) throws SQLException {
    Array sources = rs.getArray("ev_source");
    if (sources == null) {
      return null;
    }
    Object[] source = (Object[]) sources.getArray();
    Object[] line = (Object[]) rs.getArray("ev_line").getArray();
    Object[] time = (Object[]) rs.getArray("ev_time").getArray();
    Object[] id = (Object[]) rs.getArray("ev_id").getArray();
    Evidence[] evidence = new Evidence[source.length];
    for (int i = 0; i < source.length; i++) {
      evidence[i] =
          new Evidence((String) source[i], (Long) line[i], (Long) time[i], (Integer) id[i]);
    }
    return evidence;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
