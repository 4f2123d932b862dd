package io.smbhunt.job.analytics;

import java.util.Locale;

/** The two result profiles of SPEC §2. */
public enum Profile {
  /** Reproduces the playbook notebook's pandas rows exactly, row multiplicity included. */
  SEED,
  /** What a hunter wants at scale: host-scoped keys, time windows, one row per trigger. */
  DEFAULT;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code seed} or {@code default}; null when it is neither. */
  public static Profile parse(String text) {
    for (Profile p : values()) {
      if (p.id().equals(text)) {
        return p;
      }
    }
    return null;
  }
}
