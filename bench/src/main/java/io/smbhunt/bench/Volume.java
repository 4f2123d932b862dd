package io.smbhunt.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The input bytes a per-line benchmark consumed, reported by JMH next to the primary score as the
 * secondary metric {@code :bytes} (in "ops/s", i.e. bytes per second; divide by 10^6 for MB/s).
 *
 * <p>Counted in the benchmark rather than computed from the mean line length afterwards because the
 * cursor cycles through lines of different lengths and an iteration rarely ends on a whole pass.
 * The one addition per call costs the same in every benchmark, baselines included.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class Volume {

  /** Bytes of input (each line with its newline) consumed in this iteration. */
  public long bytes;

  /** JMH sums aux counters as they are; they must start from zero every iteration. */
  @Setup(Level.Iteration)
  public void reset() {
    bytes = 0;
  }
}
