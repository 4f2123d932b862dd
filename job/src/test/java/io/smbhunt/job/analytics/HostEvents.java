package io.smbhunt.job.analytics;

import io.smbhunt.udf.event.AccessMasks;
import io.smbhunt.udf.event.HostEvent;
import io.smbhunt.udf.event.HostEventDecoder;

/** Hand-made host events for unit tests, shaped like the real sample's. */
public final class HostEvents {

  public static final long T0 = 1_600_800_812_341L; // 2020-09-22T18:53:32.341Z
  public static final long SECOND = 1000L;
  public static final long HOUR = 3_600_000L;

  private static long nextLine = 1;

  private HostEvents() {}

  private static HostEvent base(int eventId, long t, String host, String user, String lid) {
    HostEvent e = new HostEvent();
    e.source = "test.json";
    e.line = nextLine++;
    e.timestamp = t;
    e.eventId = eventId;
    e.channel = "security";
    e.host = host;
    e.subjectUserName = user;
    e.subjectLogonId = lid;
    e.ipAddress = "172.18.39.5";
    e.ipPort = "62782";
    return e;
  }

  public static HostEvent connect(long t, String host, String user, String lid, String share) {
    HostEvent e = base(5140, t, host, user, lid);
    e.shareName = "\\\\*\\" + share;
    e.accessMaskText = "0x1";
    e.accessMask = 1;
    return e;
  }

  public static HostEvent access(
      long t, String host, String user, String lid, String share, String file, String mask) {
    HostEvent e = base(5145, t, host, user, lid);
    e.shareName = "\\\\*\\" + share;
    e.relativeTargetName = file;
    e.accessMaskText = mask;
    e.accessMask = AccessMasks.parse(mask);
    return e;
  }

  public static HostEvent logoff(long t, String host, String lid) {
    HostEvent e = base(4634, t, host, null, null);
    e.targetLogonId = lid;
    return e;
  }

  public static HostEvent systemCreate(long t, String host, String path) {
    HostEvent e = base(11, t, host, null, null);
    e.channel = HostEventDecoder.SYSMON_CHANNEL;
    e.image = "System";
    e.targetFilename = path;
    e.ipAddress = null;
    e.ipPort = null;
    return e;
  }
}
