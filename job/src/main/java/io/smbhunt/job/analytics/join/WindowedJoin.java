package io.smbhunt.job.analytics.join;

import io.smbhunt.job.SmbHuntPipeline;
import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.decode.CheckpointedCounters;
import io.smbhunt.job.decode.RunCounters;
import io.smbhunt.job.read.ContextFiles;
import io.smbhunt.udf.event.HostEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The default profile's join: one row per trigger event that has, for every earlier stage, a
 * matching event of the same key such that the whole chain lies within {@code window} (max − min ≤
 * window, inclusive) and no session end of the key lies strictly between its first and last event.
 * The evidence names, per stage, the matching event nearest in time to the trigger.
 *
 * <p>Timing. A trigger at {@code t} is decided once the watermark reaches {@code t + window} (all
 * partners that could match have arrived), or earlier, at a session end {@code L > t}, since
 * nothing after {@code L} can join it. The join compares event timestamps itself; timers only say
 * when to look. That is what keeps BATCH and STREAMING equal: in BATCH, Flink fires a key's timers
 * only after all its events, with the watermark at +∞, and drops timers set inside {@code onTimer}
 * — here the first timer then decides everything and the state is cleared.
 *
 * <p>State per key: the undecided triggers, the partner events and session ends of the last two
 * windows (a partner at {@code p} can serve triggers up to {@code p + window}, which are decided by
 * {@code p + 2·window}), and the one registered timer. When a key has nothing left, its state and
 * timer are removed. Trigger-stage events must not also play another stage (true of every spec).
 * The Flink key is a hash of the join key ({@link JoinInput}): the events of a Flink key are
 * decided join key by join key.
 */
public class WindowedJoin extends KeyedProcessFunction<Long, HostEvent, Detection>
    implements CheckpointedFunction {

  private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());

  /**
   * A total order on events: by time, then by what they say, and only then by where they are, so
   * which of two equally near events the evidence names does not depend on the order of the lines
   * (SPEC §3); events that say the same differ in their place alone.
   */
  private static final Comparator<HostEvent> BY_TIME_THEN_CONTENT_THEN_PLACE =
      Comparator.<HostEvent>comparingLong(e -> e.timestamp)
          .thenComparingInt(e -> e.eventId)
          .thenComparing(e -> e.host, TEXT)
          .thenComparing(e -> e.subjectUserName, TEXT)
          .thenComparing(e -> e.subjectLogonId, TEXT)
          .thenComparing(e -> e.targetLogonId, TEXT)
          .thenComparing(e -> e.shareName, TEXT)
          .thenComparing(e -> e.relativeTargetName, TEXT)
          .thenComparing(e -> e.accessMaskText, TEXT)
          .thenComparingLong(e -> e.accessMask)
          .thenComparing(e -> e.ipAddress, TEXT)
          .thenComparing(e -> e.ipPort, TEXT)
          .thenComparing(e -> e.image, TEXT)
          .thenComparing(e -> e.targetFilename, TEXT)
          .thenComparing(e -> e.channel, TEXT)
          .thenComparing(e -> e.source, TEXT)
          .thenComparingLong(e -> e.line);

  private final JoinSpec spec;
  private final long window;
  private final ContextFiles context;

  private transient ListState<HostEvent> buffer;
  private transient ValueState<Long> wakeUp;
  private transient CheckpointedCounters counters;
  private transient CheckpointedCounters.Counter late;
  private transient CheckpointedCounters.Counter stateEntries;

  /**
   * @param windowMillis the longest span a chain may cover, in event-time milliseconds
   */
  public WindowedJoin(JoinSpec spec, long windowMillis) {
    this(spec, windowMillis, ContextFiles.NONE);
  }

  /**
   * @param context the files read only as context (a nightly run's previous day): a trigger of
   *     theirs that their events alone complete is not decided here (see {@link #decide})
   */
  public WindowedJoin(JoinSpec spec, long windowMillis, ContextFiles context) {
    this.spec = spec;
    this.window = windowMillis;
    this.context = context;
  }

  @Override
  public void open(OpenContext openContext) {
    buffer =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("buffer", SmbHuntPipeline.HOST_EVENT_TYPE));
    wakeUp = getRuntimeContext().getState(new ValueStateDescriptor<>("wake-up", Types.LONG));
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    counters = new CheckpointedCounters(getRuntimeContext());
    counters.initialize(context, "join-counters-" + spec.analyticId());
    late = counters.counter(RunCounters.LATE_PREFIX + spec.analyticId());
    stateEntries = counters.counter(RunCounters.STATE_ENTRIES_PREFIX + spec.analyticId());
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    counters.snapshot(context);
  }

  @Override
  public void processElement(HostEvent e, Context ctx, Collector<Detection> out) throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    if (e.timestamp <= watermark) {
      // Later than the configured out-of-orderness: still joined with what is left, and counted.
      late.add(1L);
    }
    buffer.add(e);
    stateEntries.add(1L);
    long due = isTrigger(e) ? e.timestamp + window : e.timestamp + 2 * window;
    if (spec.isSessionEnd(e)) {
      due = e.timestamp;
    }
    Long registered = wakeUp.value();
    long next = Math.max(due, watermark + 1);
    if (registered == null || next < registered) {
      if (registered != null) {
        ctx.timerService().deleteEventTimeTimer(registered);
      }
      ctx.timerService().registerEventTimeTimer(next);
      wakeUp.update(next);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Detection> out)
      throws Exception {
    long now = Math.max(timestamp, ctx.timerService().currentWatermark());
    wakeUp.clear();
    List<HostEvent> events = new ArrayList<>();
    buffer.get().forEach(events::add);
    events.sort(BY_TIME_THEN_CONTENT_THEN_PLACE);

    List<HostEvent> remaining = new ArrayList<>(events.size());
    for (List<HostEvent> sameKey : JoinKeyGroups.of(spec, events)) {
      remaining.addAll(decideAndKeep(sameKey, now, out));
    }
    if (remaining.isEmpty()) {
      buffer.clear();
      stateEntries.add(-events.size());
      return;
    }
    stateEntries.add(remaining.size() - events.size());
    buffer.update(remaining);
    long next = Long.MAX_VALUE;
    for (HostEvent e : remaining) {
      long due;
      if (isTrigger(e)) {
        due = e.timestamp + window;
      } else if (spec.isSessionEnd(e) && e.timestamp > now) {
        due = e.timestamp;
      } else {
        due = e.timestamp + 2 * window;
      }
      if (due > now) {
        next = Math.min(next, due);
      }
    }
    if (next != Long.MAX_VALUE) {
      ctx.timerService().registerEventTimeTimer(next);
      wakeUp.update(next);
    }
  }

  /**
   * Decides the triggers of one join key that can be decided at {@code now}, and returns what the
   * key must keep: nothing once no stage event is left.
   *
   * @param events the key's events, in time order
   */
  private List<HostEvent> decideAndKeep(
      List<HostEvent> events, long now, Collector<Detection> out) {
    long lastSessionEnd = Long.MIN_VALUE;
    for (HostEvent e : events) {
      if (spec.isSessionEnd(e) && e.timestamp <= now) {
        lastSessionEnd = Math.max(lastSessionEnd, e.timestamp);
      }
    }

    List<HostEvent> kept = new ArrayList<>(events.size());
    boolean triggerPendingAtSessionEnd = false;
    for (HostEvent e : events) {
      if (!isTrigger(e)) {
        kept.add(e);
        continue;
      }
      boolean decidable = e.timestamp + window <= now || e.timestamp < lastSessionEnd;
      if (decidable) {
        decide(e, events, out);
      } else {
        kept.add(e);
        triggerPendingAtSessionEnd |= e.timestamp == lastSessionEnd;
      }
    }

    List<HostEvent> remaining = new ArrayList<>(kept.size());
    boolean anyStageEvent = false;
    for (HostEvent e : kept) {
      boolean expired = now == Long.MAX_VALUE || e.timestamp + 2 * window <= now;
      // Before a session end nothing can join what comes after it.
      boolean cutOff = e.timestamp < lastSessionEnd && !triggerPendingAtSessionEnd;
      if (isTrigger(e) || (!expired && !cutOff)) {
        remaining.add(e);
        anyStageEvent |= !spec.isSessionEnd(e);
      }
    }
    return anyStageEvent ? remaining : List.of();
  }

  private boolean isTrigger(HostEvent e) {
    return (spec.sidesOf(e) & (1 << spec.triggerSide())) != 0;
  }

  /** Emits the trigger's row if some chain of partners matches it. */
  private void decide(HostEvent trigger, List<HostEvent> events, Collector<Detection> out) {
    int sides = spec.sides();
    List<List<HostEvent>> candidates = new ArrayList<>(sides);
    List<Long> sessionEnds = new ArrayList<>();
    List<Long> contextSessionEnds = new ArrayList<>();
    for (int s = 0; s < sides; s++) {
      candidates.add(new ArrayList<>());
    }
    for (HostEvent e : events) {
      if (spec.isSessionEnd(e)) {
        sessionEnds.add(e.timestamp);
        if (context.isContext(e.source)) {
          contextSessionEnds.add(e.timestamp);
        }
        continue;
      }
      if (e == trigger || Math.abs(e.timestamp - trigger.timestamp) > window) {
        continue;
      }
      int mask = spec.sidesOf(e);
      for (int s = 0; s < sides; s++) {
        if (s != spec.triggerSide() && (mask & (1 << s)) != 0) {
          candidates.get(s).add(e);
        }
      }
    }
    if (context.isContext(trigger.source)
        && nearestChain(trigger, onlyContext(candidates), contextSessionEnds) != null) {
      // The hunt of the trigger's own day found a chain in its events, session ends included, and
      // reported the trigger with the partners it could see; a nearer partner of this day, or a
      // logoff of this day that cuts that chain, would report the trigger a second time.
      return;
    }
    HostEvent[] nearest = nearestChain(trigger, candidates, sessionEnds);
    if (nearest != null) {
      out.collect(spec.build(nearest));
    }
  }

  /** Per stage the partner nearest the trigger among the chains that match, or null if none. */
  private HostEvent[] nearestChain(
      HostEvent trigger, List<List<HostEvent>> candidates, List<Long> sessionEnds) {
    int sides = spec.sides();
    HostEvent[] chain = new HostEvent[sides];
    HostEvent[] nearest = new HostEvent[sides];
    chain[spec.triggerSide()] = trigger;
    search(
        0, trigger.timestamp, trigger.timestamp, chain, candidates, sessionEnds, nearest, trigger);
    for (int s = 0; s < sides; s++) {
      if (s != spec.triggerSide() && nearest[s] == null) {
        return null;
      }
    }
    nearest[spec.triggerSide()] = trigger;
    return nearest;
  }

  private List<List<HostEvent>> onlyContext(List<List<HostEvent>> candidates) {
    List<List<HostEvent>> kept = new ArrayList<>(candidates.size());
    for (List<HostEvent> stage : candidates) {
      kept.add(stage.stream().filter(e -> context.isContext(e.source)).toList());
    }
    return kept;
  }

  /** Walks the chains stage by stage, pruning by span; records the nearest member per stage. */
  private void search(
      int stage,
      long min,
      long max,
      HostEvent[] chain,
      List<List<HostEvent>> candidates,
      List<Long> sessionEnds,
      HostEvent[] nearest,
      HostEvent trigger) {
    if (stage == chain.length) {
      for (long end : sessionEnds) {
        if (min < end && end < max) {
          return;
        }
      }
      for (int s = 0; s < chain.length; s++) {
        if (s != spec.triggerSide() && isNearer(chain[s], nearest[s], trigger)) {
          nearest[s] = chain[s];
        }
      }
      return;
    }
    if (stage == spec.triggerSide()) {
      search(stage + 1, min, max, chain, candidates, sessionEnds, nearest, trigger);
      return;
    }
    for (HostEvent e : candidates.get(stage)) {
      long lo = Math.min(min, e.timestamp);
      long hi = Math.max(max, e.timestamp);
      if (hi - lo > window) {
        continue;
      }
      chain[stage] = e;
      search(stage + 1, lo, hi, chain, candidates, sessionEnds, nearest, trigger);
    }
    chain[stage] = null;
  }

  /** Nearest in time to the trigger; ties go to the earlier event, then by content, then place. */
  private static boolean isNearer(HostEvent e, HostEvent best, HostEvent trigger) {
    if (best == null) {
      return true;
    }
    long de = Math.abs(e.timestamp - trigger.timestamp);
    long db = Math.abs(best.timestamp - trigger.timestamp);
    if (de != db) {
      return de < db;
    }
    return BY_TIME_THEN_CONTENT_THEN_PLACE.compare(e, best) < 0;
  }
}
