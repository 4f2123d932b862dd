package io.smbhunt.job.write;

import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.analytics.Evidence;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes {@link Detection}s as Parquet rows with a fixed, hand-written schema.
 *
 * <p>The schema is spelled out instead of derived by reflection (Avro) so the file layout is a
 * deliberate contract for DuckDB, Spark and pandas: snake_case names, STRING-annotated binaries,
 * UTC millisecond timestamps and standard 3-level lists. Columns backed by Java primitives can
 * never be null and are REQUIRED; everything else is OPTIONAL.
 */
public final class DetectionParquet extends SchemaWriteSupport<Detection> {

  static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message detection {
            required binary analytic_id (STRING);
            optional binary title (STRING);
            optional group attack_techniques (LIST) {
              repeated group list {
                optional binary element (STRING);
              }
            }
            optional binary severity (STRING);
            required int64 event_time (TIMESTAMP(MILLIS,true));
            optional binary host (STRING);
            optional binary user (STRING);
            optional binary logon_id (STRING);
            optional binary src_ip (STRING);
            optional int32 src_port;
            optional binary dst_ip (STRING);
            optional int32 dst_port;
            optional binary share (STRING);
            optional binary target (STRING);
            optional binary detail (STRING);
            optional group evidence (LIST) {
              repeated group list {
                optional group element {
                  optional binary source (STRING);
                  required int64 line;
                  required int64 event_time (TIMESTAMP(MILLIS,true));
                  optional int32 event_id;
                }
              }
            }
          }
          """);

  /** The bulk writer factory for Flink's {@code FileSink}; one Parquet file per part file. */
  public static ParquetWriterFactory<Detection> writerFactory() {
    return new ParquetWriterFactory<>(file -> ParquetFiles.writer(file, new DetectionParquet()));
  }

  DetectionParquet() {
    super(SCHEMA);
  }

  @Override
  void writeRow(GroupWriter row, Detection d) {
    row.string("analytic_id", d.analyticId);
    row.string("title", d.title);
    row.stringList("attack_techniques", d.attackTechniques);
    row.string("severity", d.severity);
    row.int64("event_time", d.eventTime);
    row.string("host", d.host);
    row.string("user", d.user);
    row.string("logon_id", d.logonId);
    row.string("src_ip", d.srcIp);
    row.int32("src_port", d.srcPort);
    row.string("dst_ip", d.dstIp);
    row.int32("dst_port", d.dstPort);
    row.string("share", d.share);
    row.string("target", d.target);
    row.string("detail", d.detail);
    row.list(
        "evidence",
        d.evidence,
        (entry, e) -> entry.group("element", e, DetectionParquet::writeEvidence));
  }

  private static void writeEvidence(GroupWriter fields, Evidence e) {
    fields.string("source", e.source);
    fields.int64("line", e.line);
    fields.int64("event_time", e.eventTime);
    fields.int32("event_id", e.eventId);
  }
}
