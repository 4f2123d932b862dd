package io.smbhunt.job.analytics;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One output row (SPEC §5). A Flink POJO with arrays rather than lists, so Flink's own serializers
 * handle it and generic (Kryo) types can stay disabled.
 */
public class Detection {

  /** Flink's POJO type of this class (no Kryo). */
  public static final TypeInformation<Detection> TYPE = TypeInformation.of(Detection.class);

  public String analyticId;
  public String title;
  public String[] attackTechniques;
  public String severity;

  /** The detection's event time (its triggering event), epoch milliseconds UTC. */
  public long eventTime;

  public String host;
  public String user;
  public String logonId;
  public String srcIp;
  public Integer srcPort;
  public String dstIp;
  public Integer dstPort;
  public String share;

  /** The file or pipe the detection is about. */
  public String target;

  /**
   * What else the source said about it, e.g. the RPC call over a pipe ({@code svcctl
   * CreateServiceW}).
   */
  public String detail;

  /** Every contributing event, the trigger first. */
  public Evidence[] evidence;

  public Detection() {}

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Detection)) {
      return false;
    }
    Detection d = (Detection) o;
    return eventTime == d.eventTime
        && Objects.equals(analyticId, d.analyticId)
        && Objects.equals(title, d.title)
        && Arrays.equals(attackTechniques, d.attackTechniques)
        && Objects.equals(severity, d.severity)
        && Objects.equals(host, d.host)
        && Objects.equals(user, d.user)
        && Objects.equals(logonId, d.logonId)
        && Objects.equals(srcIp, d.srcIp)
        && Objects.equals(srcPort, d.srcPort)
        && Objects.equals(dstIp, d.dstIp)
        && Objects.equals(dstPort, d.dstPort)
        && Objects.equals(share, d.share)
        && Objects.equals(target, d.target)
        && Objects.equals(detail, d.detail)
        && Arrays.equals(evidence, d.evidence);
  }

  @Override
  public int hashCode() {
    return Objects.hash(analyticId, eventTime, host, logonId, target);
  }

  @Override
  public String toString() {
    return analyticId
        + "{t="
        + eventTime
        + " host="
        + host
        + " user="
        + user
        + " lid="
        + logonId
        + " src="
        + srcIp
        + ":"
        + srcPort
        + " dst="
        + dstIp
        + ":"
        + dstPort
        + " share="
        + share
        + " target="
        + target
        + " detail="
        + detail
        + " sev="
        + severity
        + " evidence="
        + Arrays.toString(evidence)
        + "}";
  }
}
