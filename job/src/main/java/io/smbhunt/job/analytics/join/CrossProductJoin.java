package io.smbhunt.job.analytics.join;

import io.smbhunt.job.SmbHuntPipeline;
import io.smbhunt.job.analytics.Detection;
import io.smbhunt.udf.event.HostEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The seed profile's join: every combination of one event per stage with the same key, as {@code
 * pd.merge(how='inner')} gives it, with no time bound.
 *
 * <p>Each combination is emitted once, when its last event arrives: an arriving event is combined
 * with the events already buffered for the other stages, then buffered itself. That makes the
 * output independent of arrival order (and of BATCH vs STREAMING) without any timer.
 *
 * <p>State: per key, every event of every stage, for the whole run — the notebook's join is
 * unbounded. In BATCH mode Flink drops a key's state as soon as the key is done; in STREAMING mode
 * the seed profile's state grows with the input, which is why the default profile exists.
 */
public class CrossProductJoin extends KeyedProcessFunction<Long, HostEvent, Detection> {

  private final JoinSpec spec;
  private transient ListState<HostEvent>[] buffered;

  public CrossProductJoin(JoinSpec spec) {
    this.spec = spec;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(OpenContext openContext) {
    buffered = new ListState[spec.sides()];
    for (int s = 0; s < spec.sides(); s++) {
      buffered[s] =
          getRuntimeContext()
              .getListState(
                  new ListStateDescriptor<>("stage-" + s, SmbHuntPipeline.HOST_EVENT_TYPE));
    }
  }

  @Override
  public void processElement(HostEvent e, Context ctx, Collector<Detection> out) throws Exception {
    int mask = spec.sidesOf(e);
    String joinKey = spec.key(e);
    for (int s = 0; s < spec.sides(); s++) {
      if ((mask & (1 << s)) == 0) {
        continue;
      }
      List<List<HostEvent>> stages = new ArrayList<>(spec.sides());
      for (int other = 0; other < spec.sides(); other++) {
        stages.add(other == s ? List.of(e) : sameJoinKey(buffered[other].get(), joinKey));
      }
      emitCombinations(stages, new HostEvent[spec.sides()], 0, out);
      buffered[s].add(e);
    }
  }

  private void emitCombinations(
      List<List<HostEvent>> stages, HostEvent[] chain, int stage, Collector<Detection> out) {
    if (stage == chain.length) {
      out.collect(spec.build(chain.clone()));
      return;
    }
    for (HostEvent e : stages.get(stage)) {
      chain[stage] = e;
      emitCombinations(stages, chain, stage + 1, out);
    }
  }

  /**
   * The buffered events of {@code joinKey}: another join key may share its hash (the Flink key).
   */
  private List<HostEvent> sameJoinKey(Iterable<HostEvent> events, String joinKey) {
    List<HostEvent> list = new ArrayList<>();
    if (events != null) {
      for (HostEvent b : events) {
        if (joinKey.equals(spec.key(b))) {
          list.add(b);
        }
      }
    }
    return list;
  }
}
