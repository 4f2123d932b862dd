package io.smbhunt.job.write;

import io.smbhunt.job.decode.QuarantineRecord;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes {@link QuarantineRecord}s (lines that could not be decoded) as flat Parquet rows, with the
 * same conventions as {@link DetectionParquet}: explicit schema, snake_case, REQUIRED only where
 * the Java field is a primitive.
 */
public final class QuarantineParquet extends SchemaWriteSupport<QuarantineRecord> {

  static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message quarantine {
            optional binary source (STRING);
            required int64 line;
            optional binary reason (STRING);
            optional binary detail (STRING);
            optional binary raw (STRING);
            required int64 raw_length;
          }
          """);

  /** The bulk writer factory for Flink's {@code FileSink}; one Parquet file per part file. */
  public static ParquetWriterFactory<QuarantineRecord> writerFactory() {
    return new ParquetWriterFactory<>(file -> ParquetFiles.writer(file, new QuarantineParquet()));
  }

  QuarantineParquet() {
    super(SCHEMA);
  }

  @Override
  void writeRow(GroupWriter row, QuarantineRecord q) {
    row.string("source", q.source);
    row.int64("line", q.line);
    row.string("reason", q.reason);
    row.string("detail", q.detail);
    row.string("raw", q.raw);
    row.int64("raw_length", q.rawLength);
  }
}
