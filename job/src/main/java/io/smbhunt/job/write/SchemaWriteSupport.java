package io.smbhunt.job.write;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * A {@link WriteSupport} for one hand-written schema: subclasses only say how a value's fields map
 * to the columns, through a {@link GroupWriter} over the whole message.
 */
abstract class SchemaWriteSupport<T> extends WriteSupport<T> {

  private final MessageType schema;
  private RecordConsumer out;
  private GroupWriter row;

  SchemaWriteSupport(MessageType schema) {
    this.schema = schema;
  }

  /** Writes the columns of one row. */
  abstract void writeRow(GroupWriter row, T value);

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    out = recordConsumer;
    row = new GroupWriter(recordConsumer, schema);
  }

  @Override
  public void write(T value) {
    out.startMessage();
    writeRow(row, value);
    out.endMessage();
  }
}
