package io.smbhunt.udf.sql;

import io.smbhunt.udf.flow.FlowDecodeResult;
import io.smbhunt.udf.flow.FlowFileDecoder;
import io.smbhunt.udf.flow.FlowFormat;
import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SuricataFlow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

/**
 * {@code SMB_DECODE(line, format [, header])}: the flow decoders as a Flink SQL function, so a
 * hunter can query raw Zeek, Suricata or CAR files from the SQL client:
 *
 * <pre>{@code
 * CREATE FUNCTION SMB_DECODE AS 'io.smbhunt.udf.sql.SmbDecode';
 * SELECT f.protocol, f.pipe_name, f.dst_ip
 * FROM (SELECT SMB_DECODE(line, 'zeek-json') AS f FROM raw_lines)
 * WHERE f IS NOT NULL AND f.protocol = 'smb.write_pipe';
 * }</pre>
 *
 * <p>{@code format} is {@code zeek-json}, {@code zeek-tsv}, {@code suricata} or {@code car}. A Zeek
 * TSV line needs its file's header lines ({@code #separator}, {@code #fields}, {@code #path},
 * joined by newlines) as the third argument. The result is NULL for a line that is not an SMB
 * record (headers, other Suricata event types, RPC over TCP) or cannot be decoded.
 *
 * <p>Each line is decoded alone. A Suricata record's share (CREATE, SMB2 READ/WRITE), user, and a
 * Suricata 6 call's RPC interface are logged on other lines of its flow, which the smbhunt job
 * joins by flow ({@link io.smbhunt.udf.flow.SuricataFlow}) and a scalar function cannot: here they
 * are what the line itself says, and so a write to a share that only its tree connect names is
 * {@code smb.write}, never {@code smb.write_pipe}, unless the line shows a pipe; and a file
 * transfer Suricata reports twice (an {@code smb} and a {@code fileinfo} event) is two rows.
 */
public class SmbDecode extends ScalarFunction {

  static final String ROW_TYPE =
      "ROW<ts TIMESTAMP_LTZ(3), src_ip STRING, src_port INT, dst_ip STRING, dst_port INT,"
          + " protocol STRING, file_name STRING, pipe_name STRING, pipe_name_raw STRING,"
          + " share STRING, share_type STRING, size BIGINT, sensor STRING, connection_id STRING,"
          + " rpc_endpoint STRING, rpc_operation STRING, action STRING, user_name STRING>";

  private static final int MAX_CACHED_DECODERS = 64;

  /** One decoder per format (and header): they hold a scanner and, for TSV, the parsed header. */
  private transient Map<String, FlowFileDecoder> decoders;

  public @DataTypeHint(ROW_TYPE) Row eval(String line, String format) {
    return eval(line, format, null);
  }

  public @DataTypeHint(ROW_TYPE) Row eval(String line, String format, String header) {
    if (line == null || format == null) {
      return null;
    }
    FlowFileDecoder decoder = decoder(format, header);
    if (decoder == null) {
      return null;
    }
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    FlowDecodeResult r = decoder.decode(bytes, 0, bytes.length, "sql", 1);
    if (r.kind() != FlowDecodeResult.Kind.FLOW) {
      return null;
    }
    FlowRecord f = r.flow();
    return toRow(f.suricata == null ? f : SuricataFlow.resolve(List.of(f), 0).get(0));
  }

  private FlowFileDecoder decoder(String format, String header) {
    FlowFormat flowFormat = formatOf(format);
    if (flowFormat == null) {
      return null;
    }
    if (decoders == null || decoders.size() > MAX_CACHED_DECODERS) {
      decoders = new HashMap<>();
    }
    String key = flowFormat + "\n" + (header == null ? "" : header);
    FlowFileDecoder decoder = decoders.get(key);
    if (decoder == null) {
      decoder = FlowFileDecoder.forFormat(flowFormat, null);
      if (header != null) {
        for (String h : header.split("\n")) {
          byte[] b = h.getBytes(StandardCharsets.UTF_8);
          decoder.decode(b, 0, b.length, "sql", 0);
        }
      }
      decoders.put(key, decoder);
    }
    return decoder;
  }

  /** The names smbhunt's {@code --input FORMAT:PATH} uses. */
  static FlowFormat formatOf(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "zeek-json":
        return FlowFormat.ZEEK_JSON;
      case "zeek-tsv":
        return FlowFormat.ZEEK_TSV;
      case "suricata":
        return FlowFormat.SURICATA_EVE;
      case "car":
        return FlowFormat.CAR_FLOW;
      default:
        return null;
    }
  }

  static Row toRow(FlowRecord f) {
    return Row.of(
        Instant.ofEpochMilli(f.timestamp),
        f.srcIp,
        f.srcPort,
        f.dstIp,
        f.dstPort,
        f.protocol,
        f.fileName,
        f.pipeName,
        f.pipeNameRaw,
        f.share,
        f.shareType,
        f.size,
        f.sensor,
        f.connectionId,
        f.rpcEndpoint,
        f.rpcOperation,
        f.action,
        f.user);
  }
}
