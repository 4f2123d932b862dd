package io.smbhunt.job.analytics;

import java.util.Objects;

/** One event that contributed to a detection: enough to pull the raw record back out. */
public class Evidence {

  /** The archive file of the contributing event. */
  public String source;

  /** 1-based line number in {@link #source}. */
  public long line;

  /** The contributing event's time, epoch milliseconds UTC. */
  public long eventTime;

  /** Windows EventID of a host event; {@code null} for flow records. */
  public Integer eventId;

  public Evidence() {}

  public Evidence(String source, long line, long eventTime, Integer eventId) {
    this.source = source;
    this.line = line;
    this.eventTime = eventTime;
    this.eventId = eventId;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Evidence)) {
      return false;
    }
    Evidence e = (Evidence) o;
    return line == e.line
        && eventTime == e.eventTime
        && Objects.equals(source, e.source)
        && Objects.equals(eventId, e.eventId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, line, eventTime, eventId);
  }

  @Override
  public String toString() {
    return source + ":" + line + "@" + eventTime + "#" + eventId;
  }
}
