package io.smbhunt.job.decode;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;

/**
 * A function's run counters (Flink accumulators, read into the manifest) that survive a restore
 * from a checkpoint. Flink keeps only the last attempt's accumulators, which start at zero after a
 * failover; these counters put the checkpointed totals back, so the manifest counts every line
 * exactly once however often the job restarted.
 *
 * <p>The totals live in operator list state as (name, value) pairs: on a change of parallelism the
 * pairs are dealt out to the new subtasks and the sums stay exact.
 */
public final class CheckpointedCounters {

  private static final TypeInformation<Tuple2<String, Long>> PAIR =
      TypeInformation.of(new TypeHint<>() {});

  private final RuntimeContext context;
  private final Map<String, Counter> counters = new HashMap<>();
  private ListState<Tuple2<String, Long>> state;

  /** One counter: the accumulator of this attempt, and the total the checkpoints carry. */
  public static final class Counter {
    private final LongCounter accumulator;
    private long total;

    private Counter(LongCounter accumulator) {
      this.accumulator = accumulator;
    }

    public void add(long delta) {
      accumulator.add(delta);
      total += delta;
    }
  }

  public CheckpointedCounters(RuntimeContext context) {
    this.context = context;
  }

  /** Call from {@code CheckpointedFunction.initializeState}. */
  public void initialize(FunctionInitializationContext init, String stateName) throws Exception {
    state = init.getOperatorStateStore().getListState(new ListStateDescriptor<>(stateName, PAIR));
    if (init.isRestored()) {
      for (Tuple2<String, Long> restored : state.get()) {
        add(restored.f0, restored.f1);
      }
    }
  }

  /** Call from {@code CheckpointedFunction.snapshotState}. */
  public void snapshot(FunctionSnapshotContext snapshot) throws Exception {
    state.clear();
    for (Map.Entry<String, Counter> e : counters.entrySet()) {
      state.add(Tuple2.of(e.getKey(), e.getValue().total));
    }
  }

  /** The counter named {@code name}, created on first use (also at zero, to be listed). */
  public Counter counter(String name) {
    return counters.computeIfAbsent(name, n -> new Counter(context.getLongCounter(n)));
  }

  public void add(String name, long delta) {
    counter(name).add(delta);
  }
}
