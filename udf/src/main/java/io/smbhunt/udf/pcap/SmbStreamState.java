package io.smbhunt.udf.pcap;

/**
 * TCP reassembly state of one connection, both directions: the value the keyed job stores per
 * {@link TcpSegment#connectionKey}. Changed only by {@link SmbStreams}.
 *
 * <p>A Flink POJO (public fields of primitives, strings and POJOs, public no-arg constructor), so
 * it is checkpointed without Kryo; bounded as {@link SmbDirectionState} explains.
 */
public class SmbStreamState {

  public String connectionKey;

  /** The first endpoint of the key (direction 0 is sent from it). */
  public String lowerIp;

  public int lowerPort;
  public String higherIp;
  public int higherPort;

  /** Which direction carries the client's bytes (from SYN/SYN-ACK), -1 while unknown. */
  public int clientDirection = -1;

  /**
   * Incremented when a new SYN shows the port pair was reused: messages carry it, so SMB state of
   * the old connection is dropped before the new one's messages are decoded.
   */
  public int generation;

  /** RST seen, both FINs seen, or {@link SmbStreams#close} called: the job may drop the state. */
  public boolean closed;

  /** Capture time of the last segment, epoch microseconds: for the job's idle timeout. */
  public long lastSeenMicros;

  /** Direction 0: bytes sent by the lower endpoint. */
  public SmbDirectionState fromLower = new SmbDirectionState();

  /** Direction 1: bytes sent by the higher endpoint. */
  public SmbDirectionState fromHigher = new SmbDirectionState();

  public SmbStreamState() {}
}
