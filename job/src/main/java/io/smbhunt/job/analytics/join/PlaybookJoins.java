package io.smbhunt.job.analytics.join;

import io.smbhunt.job.analytics.Detection;
import io.smbhunt.udf.event.HostEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Several joins ({@link WindowedJoin} or {@link CrossProductJoin}, one per multi-stage analytic) in
 * one keyed operator. Each join keeps its own keys ({@link JoinInput}), state and timers, and sees
 * exactly what it would see alone; only the Flink stage is shared. In BATCH mode every keyed
 * operator is a stage of its own, deployed, fed, sorted and warmed up after the one before: with
 * three joins that was a second or more of a run whose joins see a few percent of the lines.
 */
public class PlaybookJoins extends KeyedProcessFunction<Long, JoinInput, Detection>
    implements CheckpointedFunction {

  private final List<KeyedProcessFunction<Long, HostEvent, Detection>> joins;

  public PlaybookJoins(List<KeyedProcessFunction<Long, HostEvent, Detection>> joins) {
    if (joins.size() > JoinInput.MAX_JOINS) {
      throw new IllegalArgumentException(
          "at most " + JoinInput.MAX_JOINS + " joins share an operator, got " + joins.size());
    }
    this.joins = new ArrayList<>(joins);
  }

  /** Sends each event to every join it takes part in, under that join's key. */
  public static FlatMapFunction<HostEvent, JoinInput> routing(List<JoinSpec> specs) {
    List<JoinSpec> routed = List.copyOf(specs);
    return (e, out) -> {
      for (int i = 0; i < routed.size(); i++) {
        String key = routed.get(i).key(e);
        if (key != null) {
          out.collect(new JoinInput(i, key, e));
        }
      }
    };
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    // Flink hands the runtime context to this function only; the joins get it from here, before
    // their state is made (initializeState comes before open).
    for (KeyedProcessFunction<Long, HostEvent, Detection> join : joins) {
      join.setRuntimeContext(getRuntimeContext());
      if (join instanceof CheckpointedFunction checkpointed) {
        checkpointed.initializeState(context);
      }
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    for (KeyedProcessFunction<Long, HostEvent, Detection> join : joins) {
      if (join instanceof CheckpointedFunction checkpointed) {
        checkpointed.snapshotState(context);
      }
    }
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    for (KeyedProcessFunction<Long, HostEvent, Detection> join : joins) {
      join.open(openContext);
    }
  }

  @Override
  public void close() throws Exception {
    for (KeyedProcessFunction<Long, HostEvent, Detection> join : joins) {
      join.close();
    }
  }

  @Override
  public void processElement(JoinInput in, Context ctx, Collector<Detection> out) throws Exception {
    KeyedProcessFunction<Long, HostEvent, Detection> join = joins.get(in.join());
    join.processElement(in.event, asContextOf(join, ctx), out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Detection> out)
      throws Exception {
    KeyedProcessFunction<Long, HostEvent, Detection> join =
        joins.get(JoinInput.joinOf(ctx.getCurrentKey()));
    join.onTimer(timestamp, asTimerContextOf(join, ctx), out);
  }

  private static KeyedProcessFunction<Long, HostEvent, Detection>.Context asContextOf(
      KeyedProcessFunction<Long, HostEvent, Detection> join,
      KeyedProcessFunction<Long, JoinInput, Detection>.Context ctx) {
    return join.new Context() {
      @Override
      public Long timestamp() {
        return ctx.timestamp();
      }

      @Override
      public TimerService timerService() {
        return ctx.timerService();
      }

      @Override
      public <X> void output(OutputTag<X> outputTag, X value) {
        ctx.output(outputTag, value);
      }

      @Override
      public Long getCurrentKey() {
        return ctx.getCurrentKey();
      }
    };
  }

  private static KeyedProcessFunction<Long, HostEvent, Detection>.OnTimerContext asTimerContextOf(
      KeyedProcessFunction<Long, HostEvent, Detection> join,
      KeyedProcessFunction<Long, JoinInput, Detection>.OnTimerContext ctx) {
    return join.new OnTimerContext() {
      @Override
      public Long timestamp() {
        return ctx.timestamp();
      }

      @Override
      public TimerService timerService() {
        return ctx.timerService();
      }

      @Override
      public <X> void output(OutputTag<X> outputTag, X value) {
        ctx.output(outputTag, value);
      }

      @Override
      public TimeDomain timeDomain() {
        return ctx.timeDomain();
      }

      @Override
      public Long getCurrentKey() {
        return ctx.getCurrentKey();
      }
    };
  }
}
