package io.smbhunt.job.write;

import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.decode.QuarantineRecord;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The job's Parquet sinks.
 *
 * <p>Files become visible only when committed: at each checkpoint in STREAMING mode (and at the
 * final one when a bounded input ends), at the end of the job in BATCH mode. Until then they are
 * hidden {@code .part-*.inprogress.*} files that readers globbing {@code *.parquet} never see.
 */
public final class OutputSinks {

  /** The folder, below the output directory, for lines that could not be decoded. */
  public static final String QUARANTINE_DIR = "_quarantine";

  private OutputSinks() {}

  /** Detections as {@code <outputDir>/<analytic_id>/date=YYYY-MM-DD/part-*.parquet}. */
  public static FileSink<Detection> detections(Path outputDir) {
    return FileSink.forBulkFormat(outputDir, DetectionParquet.writerFactory())
        .withBucketAssigner(new EventDateBucketAssigner())
        // A Parquet footer can only be written once, so bulk formats may roll only on checkpoint.
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(parquetFiles())
        .build();
  }

  /**
   * Quarantined lines as {@code <outputDir>/_quarantine/part-*.parquet}: one flat folder, because
   * it is read as a whole when triaging, and the leading underscore keeps it out of Spark's and
   * Hive's partition discovery of the detections.
   */
  public static FileSink<QuarantineRecord> quarantine(Path outputDir) {
    return FileSink.forBulkFormat(
            new Path(outputDir, QUARANTINE_DIR), QuarantineParquet.writerFactory())
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(parquetFiles())
        .build();
  }

  private static OutputFileConfig parquetFiles() {
    return OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build();
  }
}
