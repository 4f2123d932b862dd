package io.smbhunt.job.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that keeps what it receives in memory, for tests on a MiniCluster in the same JVM. Each
 * instance has its own bucket, so tests may run pipelines side by side.
 */
public final class CollectingSink<T> implements Sink<T> {

  private static final Map<String, List<Object>> BUCKETS = new ConcurrentHashMap<>();

  private final String bucket = UUID.randomUUID().toString();

  public CollectingSink() {
    BUCKETS.put(bucket, new CopyOnWriteArrayList<>());
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    List<Object> target = BUCKETS.get(bucket);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        target.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }

  /** What arrived so far (a copy). */
  @SuppressWarnings("unchecked")
  public List<T> results() {
    return new ArrayList<>((List<T>) (List<?>) BUCKETS.get(bucket));
  }
}
