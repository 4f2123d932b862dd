package io.smbhunt.job.analytics;

import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Several per-record analytics run as one operator, each record offered to each in turn. They stay
 * one class per analytic; running them together spares the job one output channel per analytic, and
 * so the network buffers every channel reserves (a stock TaskManager ran out of them in BATCH mode
 * with one operator per analytic).
 */
public final class EachOf<T> implements FlatMapFunction<T, Detection> {

  private final List<FlatMapFunction<T, Detection>> analytics;

  public EachOf(List<FlatMapFunction<T, Detection>> analytics) {
    this.analytics = List.copyOf(analytics);
  }

  @Override
  public void flatMap(T record, Collector<Detection> out) throws Exception {
    for (FlatMapFunction<T, Detection> analytic : analytics) {
      analytic.flatMap(record, out);
    }
  }
}
