package io.smbhunt.job.write;

import io.smbhunt.job.analytics.Detection;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.MathUtils;

/**
 * Sends every detection of one output folder ({@code <analytic_id>/date=YYYY-MM-DD}, see {@link
 * EventDateBucketAssigner}) to the same writer, so a folder gets one Parquet file per run (per
 * checkpoint when streaming) instead of one per writer. Fewer, larger files are what DuckDB and
 * Spark read best, and each file costs the writers a footer, its indexes and an fsync.
 */
public final class OneFilePerFolder {

  private OneFilePerFolder() {}

  public static DataStream<Detection> partition(DataStream<Detection> detections) {
    return detections.partitionCustom(new SpreadFolders(), new Folder());
  }

  /** The folder a detection is written to, as the sink's bucket assigner names it. */
  private static final class Folder implements KeySelector<Detection, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Detection d) {
      return EventDateBucketAssigner.bucketId(d.analyticId, d.eventTime);
    }
  }

  private static final class SpreadFolders implements Partitioner<String> {
    private static final long serialVersionUID = 1L;

    /**
     * Folder names of neighbouring days differ in one character, so their hashes are mixed before
     * the modulo (Flink's own murmur hash, as its key groups use). {@link String#hashCode} is
     * specified, so every JVM agrees.
     */
    @Override
    public int partition(String folder, int writers) {
      return MathUtils.murmurHash(folder.hashCode()) % writers;
    }
  }
}
