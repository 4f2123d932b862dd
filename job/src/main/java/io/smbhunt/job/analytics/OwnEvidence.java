package io.smbhunt.job.analytics;

import io.smbhunt.job.read.ContextFiles;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * Keeps a row iff at least one of its events comes from the run's own input, not from a context
 * file ({@link ContextFiles}). A nightly run of day D reads D-1 as context: a chain that straddles
 * midnight has an event of D and is D's to report, while a row made of D-1's events alone was
 * reported by D-1's own hunt and would be a duplicate here. The rows are the same wherever they
 * were made (the analytics ran over both days as one input), so this is a pure test of each row.
 *
 * <p>The rows of analytics that decide a context trigger themselves (the default profile's windowed
 * joins: one row per trigger, reported here only when D-1's events alone do not complete it) are
 * kept as they come. Their evidence names the partner nearest the trigger per stage, and those may
 * come from different chains: all of D-1 although no chain of D-1's events alone matched, a row
 * D-1's hunt never had.
 */
public final class OwnEvidence implements FilterFunction<Detection> {

  private static final long serialVersionUID = 1L;

  private final ContextFiles context;
  private final HashSet<String> decidedByTheirJoin;

  /**
   * @param decidedByTheirJoin the ids of analytics whose joins leave the day before's rows out
   *     themselves
   */
  public OwnEvidence(ContextFiles context, Set<String> decidedByTheirJoin) {
    this.context = context;
    this.decidedByTheirJoin = new HashSet<>(decidedByTheirJoin);
  }

  @Override
  public boolean filter(Detection d) {
    if (d.evidence == null || d.evidence.length == 0 || decidedByTheirJoin.contains(d.analyticId)) {
      return true; // nothing tells it is the other day's, or its join has told: kept
    }
    for (Evidence e : d.evidence) {
      if (!context.isContext(e.source)) {
        return true;
      }
    }
    return false;
  }
}
