package io.smbhunt.job.write;

import io.smbhunt.job.analytics.Detection;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Sends every detection of one output folder ({@code <analytic_id>/date=YYYY-MM-DD}, see {@link
 * EventDateBucketAssigner}) to the same writer, so a folder gets one Parquet file per run (per
 * checkpoint when streaming) instead of one per writer. Fewer, larger files are what DuckDB and
 * Spark read best, and each file costs the writers a footer, its indexes and an fsync.
 */
public final class OneFilePerFolder {

  private static final long DAY_MILLIS = 86_400_000L;

  private OneFilePerFolder() {}

  public static DataStream<Detection> partition(DataStream<Detection> detections) {
    return detections.partitionCustom(new SpreadFolders(), new FolderKey());
  }

  /**
   * Equal for detections of the same analytic and UTC event date; stable across JVMs, since {@link
   * String#hashCode} is specified.
   */
  static int folderKey(Detection d) {
    long day = Math.floorDiv(d.eventTime, DAY_MILLIS);
    return 31 * d.analyticId.hashCode() + Long.hashCode(day);
  }

  private static final class FolderKey implements KeySelector<Detection, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(Detection d) {
      return folderKey(d);
    }
  }

  private static final class SpreadFolders implements Partitioner<Integer> {
    private static final long serialVersionUID = 1L;

    /** Neighbouring days differ by one in the key: mix it (MurmurHash3's fmix32) to spread them. */
    @Override
    public int partition(Integer key, int writers) {
      int h = key;
      h ^= h >>> 16;
      h *= 0x85ebca6b;
      h ^= h >>> 13;
      h *= 0xc2b2ae35;
      h ^= h >>> 16;
      return Math.floorMod(h, writers);
    }
  }
}
