package io.smbhunt.udf.event;

import java.util.Objects;

/**
 * One Windows event (Security or Sysmon) reduced to the fields the SMB analytics read.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it travels without Kryo. Text fields are
 * {@code null} when the event did not carry them as a JSON string: the analytics treat missing,
 * null and wrongly typed values alike, as the pandas reference does.
 */
public class HostEvent {

  /** Marker for "no access mask": masks are 32-bit, so a negative value can never be real. */
  public static final long NO_ACCESS_MASK = -1L;

  /** The archive file the event was read from (for evidence). */
  public String source;

  /** 1-based line number inside {@link #source}. */
  public long line;

  /** Event time ({@code @timestamp}), epoch milliseconds UTC. */
  public long timestamp;

  public int eventId;

  /** The channel as logged ({@code Security}, {@code security}, or the Sysmon channel). */
  public String channel;

  /** The computer that logged the event (not the collector). */
  public String host;

  public String subjectUserName;
  public String subjectLogonId;

  /** Logon id a 4634/4647 logoff ends. */
  public String targetLogonId;

  public String shareName;
  public String relativeTargetName;

  /** AccessMask exactly as the event had it when it was a string (the seed profile compares it). */
  public String accessMaskText;

  /** AccessMask as a number ({@link #NO_ACCESS_MASK} when absent or unparseable). */
  public long accessMask = NO_ACCESS_MASK;

  public String ipAddress;
  public String ipPort;

  /** Sysmon 11: the process that created the file. */
  public String image;

  /** Sysmon 11: the created file's full path. */
  public String targetFilename;

  public HostEvent() {}

  public boolean hasWriteDataBit() {
    return accessMask != NO_ACCESS_MASK && (accessMask & 0x2L) != 0;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof HostEvent)) {
      return false;
    }
    HostEvent e = (HostEvent) o;
    return line == e.line
        && timestamp == e.timestamp
        && eventId == e.eventId
        && accessMask == e.accessMask
        && Objects.equals(source, e.source)
        && Objects.equals(channel, e.channel)
        && Objects.equals(host, e.host)
        && Objects.equals(subjectUserName, e.subjectUserName)
        && Objects.equals(subjectLogonId, e.subjectLogonId)
        && Objects.equals(targetLogonId, e.targetLogonId)
        && Objects.equals(shareName, e.shareName)
        && Objects.equals(relativeTargetName, e.relativeTargetName)
        && Objects.equals(accessMaskText, e.accessMaskText)
        && Objects.equals(ipAddress, e.ipAddress)
        && Objects.equals(ipPort, e.ipPort)
        && Objects.equals(image, e.image)
        && Objects.equals(targetFilename, e.targetFilename);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, line, timestamp, eventId, subjectLogonId, relativeTargetName);
  }

  @Override
  public String toString() {
    return "HostEvent{"
        + source
        + ":"
        + line
        + " t="
        + timestamp
        + " id="
        + eventId
        + " ch="
        + channel
        + " host="
        + host
        + " user="
        + subjectUserName
        + " lid="
        + subjectLogonId
        + " share="
        + shareName
        + " rtn="
        + relativeTargetName
        + " mask="
        + accessMaskText
        + "/"
        + accessMask
        + " image="
        + image
        + " tfn="
        + targetFilename
        + "}";
  }
}
