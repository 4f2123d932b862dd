package io.smbhunt.job.analytics.join;

import io.smbhunt.udf.event.HostEvent;

/**
 * An event on its way to one of the joins that share a keyed operator ({@link PlaybookJoins}): an
 * event taking part in several joins travels once per join, each time under that join's key.
 */
public class JoinInput {

  /** Index of the join in {@link PlaybookJoins}. */
  public int join;

  /** {@code join + "|" + } the join's own key: keys of different joins never meet. */
  public String key;

  public HostEvent event;

  public JoinInput() {}

  JoinInput(int join, String key, HostEvent event) {
    this.join = join;
    this.key = join + "|" + key;
    this.event = event;
  }

  /** The join a composite key belongs to. */
  static int joinOf(String key) {
    return Integer.parseInt(key, 0, key.indexOf('|'), 10);
  }
}
