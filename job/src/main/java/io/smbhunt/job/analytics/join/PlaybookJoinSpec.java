package io.smbhunt.job.analytics.join;

import io.smbhunt.job.analytics.AnalyticInfo;
import io.smbhunt.job.analytics.PlaybookPredicates;
import io.smbhunt.job.analytics.Profile;
import io.smbhunt.udf.event.HostEvent;

/**
 * What the playbook's multi-stage analytics have in common: an id, a profile, a number of stages,
 * the trigger stage, and (for session joins in the default profile) logoffs ending the session.
 */
public abstract class PlaybookJoinSpec implements JoinSpec {

  protected final AnalyticInfo info;
  protected final Profile profile;
  private final int sides;
  private final int triggerSide;
  private final boolean logoffEndsSession;

  protected PlaybookJoinSpec(
      AnalyticInfo info, Profile profile, int sides, int triggerSide, boolean sessionJoin) {
    this.info = info;
    this.profile = profile;
    this.sides = sides;
    this.triggerSide = triggerSide;
    this.logoffEndsSession = sessionJoin && profile == Profile.DEFAULT;
  }

  @Override
  public String analyticId() {
    return info.id();
  }

  @Override
  public int sides() {
    return sides;
  }

  @Override
  public int triggerSide() {
    return triggerSide;
  }

  @Override
  public boolean isSessionEnd(HostEvent e) {
    return logoffEndsSession && PlaybookPredicates.isLogoff(e);
  }
}
