package io.smbhunt.job.sql;

import static org.apache.flink.table.api.Expressions.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.testing.TestClusters;
import io.smbhunt.udf.sql.SmbDecode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMB_DECODE from Flink SQL, on the real Zeek logs, as a hunter would run it. */
class SmbDecodeSqlTest {

  @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.withSlots(2);

  private static final Path ZEEK = Path.of("../samples/zeek-wrccdc2018");

  @Test
  void decodesZeekJsonAndTsvLinesIntoTheSameFlows() throws Exception {
    TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    sql.executeSql("CREATE TEMPORARY FUNCTION SMB_DECODE AS '" + SmbDecode.class.getName() + "'");

    List<String> json = lines(ZEEK.resolve("zeek-json/dce_rpc.json.gz"));
    List<String> tsv = lines(ZEEK.resolve("zeek-default/dce_rpc.log.gz"));
    String header = String.join("\n", tsv.stream().filter(l -> l.startsWith("#")).toList());
    sql.createTemporaryView("zeek_json", table(sql, json));
    sql.createTemporaryView("zeek_tsv", table(sql, tsv));

    String query =
        "SELECT f.protocol, f.pipe_name, f.rpc_endpoint, f.rpc_operation, f.dst_port,"
            + " CAST(f.ts AS STRING) FROM (SELECT %s AS f FROM %s) WHERE f IS NOT NULL"
            + " ORDER BY f.ts, f.src_port, f.rpc_operation";
    List<String> fromJson =
        collect(sql, String.format(query, "SMB_DECODE(line, 'zeek-json')", "zeek_json"));
    List<String> fromTsv =
        collect(
            sql,
            String.format(
                query,
                "SMB_DECODE(line, 'zeek-tsv', '" + header.replace("'", "''") + "')",
                "zeek_tsv"));

    // 78 RPC calls, 67 of them over SMB named pipes (the rest over TCP ports: NULL).
    assertThat(fromJson).hasSize(67).isEqualTo(fromTsv);
    assertThat(fromJson)
        .allMatch(r -> r.startsWith("smb.write_pipe,") && r.contains(",445,"))
        .anyMatch(r -> r.startsWith("smb.write_pipe,ntsvcs,svcctl,CreateServiceW,445,"))
        .anyMatch(r -> r.startsWith("smb.write_pipe,atsvc,ITaskSchedulerService,"));
  }

  /**
   * A Suricata line is decoded alone: an SMB2 write's share is on its tree connect's line, which
   * only the job joins in, and each write's fileinfo report is a row of its own.
   */
  @Test
  void decodesSuricataLinesEachByItself() throws Exception {
    TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    sql.executeSql("CREATE TEMPORARY FUNCTION SMB_DECODE AS '" + SmbDecode.class.getName() + "'");
    Path eve = Path.of("../samples/suricata/8.0.7/samba_lateral.eve.json");
    sql.createTemporaryView("eve", table(sql, Files.readAllLines(eve, StandardCharsets.UTF_8)));

    assertThat(
            collect(
                sql,
                "SELECT f.protocol, f.share, f.file_name, f.src_port FROM (SELECT"
                    + " SMB_DECODE(line, 'suricata') AS f FROM eve) WHERE f.protocol ="
                    + " 'smb.write' ORDER BY f.src_port"))
        .containsExactly(
            "smb.write,null,ProgramData\\GruntHTTP.exe,43660",
            "smb.write,null,ProgramData\\GruntHTTP.exe,43660",
            "smb.write,null,payload.dll,43666",
            "smb.write,null,payload.dll,43666",
            "smb.write,\\\\172.18.39.9\\C$,legacy.bat,43706",
            "smb.write,\\\\172.18.39.9\\C$,legacy.bat,43706");
  }

  private static Table table(TableEnvironment sql, List<String> lines) {
    Expression[] rows = lines.stream().map(l -> row(l)).toArray(Expression[]::new);
    return sql.fromValues(
        DataTypes.ROW(DataTypes.FIELD("line", DataTypes.STRING())), (Object[]) rows);
  }

  private static List<String> collect(TableEnvironment sql, String query) throws Exception {
    List<String> out = new ArrayList<>();
    try (CloseableIterator<Row> it = sql.executeSql(query).collect()) {
      while (it.hasNext()) {
        Row r = it.next();
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < r.getArity(); i++) {
          fields.add(String.valueOf(r.getField(i)));
        }
        out.add(String.join(",", fields));
      }
    }
    return out;
  }

  private static List<String> lines(Path gz) throws Exception {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      return in.lines().toList();
    }
  }
}
