package io.smbhunt.job.analytics;

import io.smbhunt.udf.event.HostEvent;

/** Builds output rows from host events, so every analytic fills the columns the same way. */
public final class Detections {

  private Detections() {}

  /** The row of a detection triggered by {@code trigger}, with the other contributing events. */
  public static Detection fromHostEvent(
      AnalyticInfo info, HostEvent trigger, HostEvent... earlier) {
    Detection d = new Detection();
    d.analyticId = info.id();
    d.title = info.title();
    d.attackTechniques = info.attackTechniques().toArray(new String[0]);
    d.severity = info.severity();
    d.eventTime = trigger.timestamp;
    d.host = trigger.host;
    d.user = trigger.subjectUserName;
    d.logonId = trigger.subjectLogonId;
    d.srcIp = trigger.ipAddress;
    d.srcPort = port(trigger.ipPort);
    d.share = trigger.shareName;
    d.target = trigger.relativeTargetName;
    d.evidence = new Evidence[1 + earlier.length];
    d.evidence[0] = evidence(trigger);
    for (int i = 0; i < earlier.length; i++) {
      d.evidence[i + 1] = evidence(earlier[i]);
    }
    return d;
  }

  public static Evidence evidence(HostEvent e) {
    return new Evidence(e.source, e.line, e.timestamp, e.eventId);
  }

  /** IpPort is text in the logs ({@code "62782"}, {@code "-"} when unknown). */
  static Integer port(String text) {
    if (text == null || text.isEmpty() || text.length() > 5) {
      return null;
    }
    int v = 0;
    for (int i = 0; i < text.length(); i++) {
      int d = text.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      v = v * 10 + d;
    }
    return v <= 65_535 ? v : null;
  }
}
