package io.smbhunt.udf.pcap;

/**
 * Reassembly and NetBIOS framing state of one direction of one TCP connection; owned by {@link
 * SmbStreamState} and changed only by {@link SmbStreams}.
 *
 * <p>A Flink POJO: part of keyed state. Its size is bounded: {@link #message} holds at most {@link
 * PcapLimits#MAX_MESSAGE_BYTES}, the chunks at most {@link PcapLimits#MAX_OUT_OF_ORDER_BYTES} in
 * {@link PcapLimits#MAX_OUT_OF_ORDER_SEGMENTS} entries, {@link #carry} 7 bytes.
 */
public class SmbDirectionState {

  /** Framing modes. Ints rather than an enum keep the state a plain POJO. */
  public static final int MODE_HEADER = 0;

  public static final int MODE_BODY = 1;
  public static final int MODE_SKIP = 2;
  public static final int MODE_RESYNC = 3;

  /** Whether {@link #nextSeq} is known (a SYN or the first data segment was seen). */
  public boolean seqKnown;

  /** Whether this direction's SYN was seen, with sequence number {@link #isn}. */
  public boolean synSeen;

  public long isn;

  /** Sequence number of the next byte to frame, unsigned 32-bit. */
  public long nextSeq;

  public boolean finSeen;

  /** One of the {@code MODE_} constants. */
  public int mode;

  /** The 4-byte NetBIOS session header being collected ({@link #MODE_HEADER}). */
  public byte[] header;

  public int headerFill;

  /**
   * The kept prefix of the message being collected ({@link #MODE_BODY}): up to {@link
   * PcapLimits#MAX_MESSAGE_BYTES}, shortened to the bytes before a hole if one opens inside it.
   */
  public byte[] message;

  /** Bytes of the message seen so far, counted whether they were kept or not. */
  public int messageSeen;

  /** The message's length as its NetBIOS header gives it. */
  public int messageLength;

  /** Bytes of a non-session NetBIOS frame still to skip ({@link #MODE_SKIP}). */
  public int skipRemaining;

  /**
   * While hunting for the next SMB header ({@link #MODE_RESYNC}): the last bytes seen, since a
   * header may straddle two segments.
   */
  public byte[] carry;

  public int carryFill;

  /**
   * Segments ahead of {@link #nextSeq}, sorted by sequence number; the first {@link #chunkCount}.
   */
  public SmbChunk[] chunks;

  public int chunkCount;
  public int chunkBytes;

  public SmbDirectionState() {}
}
