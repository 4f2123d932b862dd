package io.smbhunt.job.write;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/** The writer settings shared by every Parquet file smbhunt produces. */
final class ParquetFiles {

  /**
   * SNAPPY: the codec DuckDB, Spark and pandas/pyarrow all read natively and fastest. It needs
   * snappy-java, which Flink itself ships (flink-dist, for state compression), so it costs no extra
   * jar in the job.
   */
  static final CompressionCodecName CODEC = CompressionCodecName.SNAPPY;

  private ParquetFiles() {}

  /**
   * The writer gets an empty Hadoop configuration: the default one parses Hadoop's XML resources
   * again for every file (about a second of a short job's writer stage), and nothing in it applies
   * to a local Parquet file with an explicit codec.
   */
  static <T> ParquetWriter<T> writer(OutputFile file, WriteSupport<T> support) throws IOException {
    return new Builder<>(new BufferedOutputFile(file), support)
        .withConf(new Configuration(false))
        .withCompressionCodec(CODEC)
        .build();
  }

  /**
   * Parquet only offers object-model specific builders (Avro, protobuf, ...); ours just hands out a
   * {@link WriteSupport} that is already built.
   */
  private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {

    private final WriteSupport<T> support;

    Builder(OutputFile file, WriteSupport<T> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder<T> self() {
      return this;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }
}
