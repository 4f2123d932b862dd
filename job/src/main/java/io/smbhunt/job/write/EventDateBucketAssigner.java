package io.smbhunt.job.write;

import io.smbhunt.job.analytics.Detection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each detection into {@code <analytic_id>/date=YYYY-MM-DD}, the UTC calendar date of its
 * event time.
 *
 * <p>Flink's {@code DateTimeBucketAssigner} uses the processing time, which for archived logs is
 * the date of the replay, not of the attack. The {@code date=} form is Hive-style so DuckDB, Spark
 * and pyarrow turn it into a column on their own.
 */
public final class EventDateBucketAssigner implements BucketAssigner<Detection, String> {

  private static final long serialVersionUID = 1L;

  /**
   * The analytic id becomes a directory name: it must not climb out of the output folder, and must
   * not start with '.' or '_', which Spark and Hive treat as hidden (that is how the {@code
   * _quarantine} folder stays out of their way).
   */
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  @Override
  public String getBucketId(Detection detection, Context context) {
    return bucketId(detection.analyticId, detection.eventTime);
  }

  static String bucketId(String analyticId, long eventTimeMillis) {
    if (analyticId == null || !SAFE_ID.matcher(analyticId).matches()) {
      throw new IllegalArgumentException("analytic id unusable as a directory: " + analyticId);
    }
    LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(eventTimeMillis), ZoneOffset.UTC);
    return analyticId + "/date=" + date;
  }

  @Override
  public SimpleVersionedSerializer<String> getSerializer() {
    return SimpleVersionedStringSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "EventDateBucketAssigner";
  }
}
