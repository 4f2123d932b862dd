package io.smbhunt.job.analytics;

import io.smbhunt.udf.event.HostEvent;

/** The logon-session key of analytics II and IV, per profile. */
final class SessionKeys {

  private SessionKeys() {}

  /**
   * @param isStage whether {@code e} plays a stage of the analytic; logoffs are routed too in the
   *     default profile, keyed by the logon id they end
   */
  static String key(Profile profile, HostEvent e, boolean isStage) {
    if (profile == Profile.SEED) {
      return isStage ? JoinKeys.exact(e.subjectLogonId) : null;
    }
    if (isStage) {
      return JoinKeys.onHost(e.host, e.subjectLogonId);
    }
    return PlaybookPredicates.isLogoff(e) ? JoinKeys.onHost(e.host, e.targetLogonId) : null;
  }
}
