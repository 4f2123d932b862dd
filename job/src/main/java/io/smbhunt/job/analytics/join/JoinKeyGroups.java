package io.smbhunt.job.analytics.join;

import io.smbhunt.udf.event.HostEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of one Flink key split by their join key. The Flink key is a hash ({@link JoinInput}):
 * almost always one join key lives under it, but when two collide their events must not meet.
 */
final class JoinKeyGroups {

  private JoinKeyGroups() {}

  /** {@code events} by join key, each group in the order of {@code events}. */
  static List<List<HostEvent>> of(JoinSpec spec, List<HostEvent> events) {
    if (events.size() < 2) {
      return List.of(events);
    }
    String first = spec.key(events.get(0));
    int i = 1;
    while (i < events.size() && first.equals(spec.key(events.get(i)))) {
      i++;
    }
    if (i == events.size()) {
      return List.of(events);
    }
    Map<String, List<HostEvent>> groups = new LinkedHashMap<>();
    for (HostEvent e : events) {
      groups.computeIfAbsent(spec.key(e), k -> new ArrayList<>()).add(e);
    }
    return new ArrayList<>(groups.values());
  }
}
