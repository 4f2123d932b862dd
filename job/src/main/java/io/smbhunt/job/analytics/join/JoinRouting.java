package io.smbhunt.job.analytics.join;

import io.smbhunt.udf.event.HostEvent;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.java.functions.KeySelector;

/** Sends a join only the events that have a key in it, keyed by that key. */
public final class JoinRouting {

  private JoinRouting() {}

  /** Passes the events that take part in {@code spec}'s chains. */
  public static FilterFunction<HostEvent> takesPart(JoinSpec spec) {
    return e -> spec.key(e) != null;
  }

  public static KeySelector<HostEvent, String> keyOf(JoinSpec spec) {
    return spec::key;
  }
}
