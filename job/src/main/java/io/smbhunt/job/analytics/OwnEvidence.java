package io.smbhunt.job.analytics;

import io.smbhunt.job.read.ContextFiles;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * Keeps a row iff at least one of its events comes from the run's own input, not from a context
 * file ({@link ContextFiles}). A nightly run of day D reads D-1 as context: a chain that straddles
 * midnight has an event of D and is D's to report, while a row made of D-1's events alone was
 * reported by D-1's own hunt and would be a duplicate here. The rows are the same wherever they
 * were made (the analytics ran over both days as one input), so this is a pure test of each row.
 */
public final class OwnEvidence implements FilterFunction<Detection> {

  private static final long serialVersionUID = 1L;

  private final ContextFiles context;

  public OwnEvidence(ContextFiles context) {
    this.context = context;
  }

  @Override
  public boolean filter(Detection d) {
    if (d.evidence == null || d.evidence.length == 0) {
      return true; // nothing tells it is the other day's: kept, never lost
    }
    for (Evidence e : d.evidence) {
      if (!context.isContext(e.source)) {
        return true;
      }
    }
    return false;
  }
}
