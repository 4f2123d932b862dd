package io.smbhunt.job.analytics;

import io.smbhunt.job.decode.CheckpointedCounters;
import io.smbhunt.job.decode.RunCounters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Counts detections per analytic on their way to the sink, for the run manifest; the counts are
 * checkpointed so a restored job still counts each row once.
 */
public class CountDetections extends RichMapFunction<Detection, Detection>
    implements CheckpointedFunction {

  private final List<String> analyticIds;
  private transient CheckpointedCounters counters;
  private transient Map<String, Counter> metrics;

  /**
   * @param analyticIds every analytic of the run, so the manifest lists zeros as well
   */
  public CountDetections(List<String> analyticIds) {
    this.analyticIds = analyticIds;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    counters = new CheckpointedCounters(getRuntimeContext());
    counters.initialize(context, "detection-counters");
    for (String id : analyticIds) {
      counters.counter(RunCounters.DETECTIONS_PREFIX + id);
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    counters.snapshot(context);
  }

  @Override
  public void open(OpenContext openContext) {
    metrics = new HashMap<>();
    MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("smbhunt");
    for (String id : analyticIds) {
      metrics.put(id, group.addGroup("analytic", id).counter("detections"));
    }
  }

  @Override
  public Detection map(Detection d) {
    counters.add(RunCounters.DETECTIONS_PREFIX + d.analyticId, 1L);
    Counter metric = metrics.get(d.analyticId);
    if (metric != null) {
      metric.inc();
    }
    return d;
  }
}
