package io.smbhunt.job.analytics.join;

import io.smbhunt.job.analytics.Detection;
import io.smbhunt.udf.event.HostEvent;
import java.io.Serializable;

/**
 * What a multi-stage analytic joins: which events play which stage ("side"), what they are keyed
 * by, and how a matched chain becomes a row. The join engines ({@link CrossProductJoin}, {@link
 * WindowedJoin}) do the rest.
 */
public interface JoinSpec extends Serializable {

  /** The analytic's id, for counters and operator names. */
  String analyticId();

  /** How many stages a chain has (the trigger's included). */
  int sides();

  /** The stage whose event a row is reported for (the last one of the chain). */
  int triggerSide();

  /**
   * The stages {@code e} can play, as a bit mask (bit {@code s} for stage {@code s}); 0 if none.
   */
  int sidesOf(HostEvent e);

  /** Whether {@code e} ends the key's session (only the default profile's session joins). */
  default boolean isSessionEnd(HostEvent e) {
    return false;
  }

  /** The join key of {@code e}, or {@code null} when it takes part in no chain. */
  String key(HostEvent e);

  /** The row for a chain: {@code chain[s]} is the event playing stage {@code s}. */
  Detection build(HostEvent[] chain);
}
