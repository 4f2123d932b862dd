package io.smbhunt.job.analytics;

import io.smbhunt.job.decode.RunCounters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Counts detections per analytic on their way to the sink, for the run manifest. */
public class CountDetections extends RichMapFunction<Detection, Detection> {

  private final List<String> analyticIds;
  private transient Map<String, LongCounter> counters;

  /**
   * @param analyticIds every analytic of the run, so the manifest lists zeros as well
   */
  public CountDetections(List<String> analyticIds) {
    this.analyticIds = analyticIds;
  }

  @Override
  public void open(OpenContext openContext) {
    counters = new HashMap<>();
    for (String id : analyticIds) {
      counters.put(id, getRuntimeContext().getLongCounter(RunCounters.DETECTIONS_PREFIX + id));
    }
  }

  @Override
  public Detection map(Detection d) {
    counters
        .computeIfAbsent(
            d.analyticId,
            id -> getRuntimeContext().getLongCounter(RunCounters.DETECTIONS_PREFIX + id))
        .add(1L);
    return d;
  }
}
