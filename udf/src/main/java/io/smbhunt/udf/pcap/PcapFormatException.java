package io.smbhunt.udf.pcap;

/**
 * A capture file that cannot be read as it says it should: a packet {@link PcapReader} refuses, or
 * a file that is truncated or corrupt.
 *
 * <p>Checked so a caller cannot forget it: every one is counted by {@link #reason()} (one of the
 * {@link PcapReasons} codes) in the run's manifest. A non-{@linkplain #isFatal() fatal} one refers
 * to one packet only, and the caller keeps calling {@link PcapReader#next()}; after a fatal one the
 * reader has nothing more to give, but every packet before it was already returned.
 */
public final class PcapFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final boolean fatal;
  private final long packetIndex;

  public PcapFormatException(String reason, boolean fatal, long packetIndex, String message) {
    super(message);
    this.reason = reason;
    this.fatal = fatal;
    this.packetIndex = packetIndex;
  }

  /** The stable reason code, one of {@link PcapReasons}. */
  public String reason() {
    return reason;
  }

  /** Whether the rest of the file is lost (the reader returns {@code null} from now on). */
  public boolean isFatal() {
    return fatal;
  }

  /** The 1-based index of the packet record concerned, or 0 when it is the file header. */
  public long packetIndex() {
    return packetIndex;
  }
}
