package io.smbhunt.udf.pcap;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole per-connection path in one call, what a keyed process function does for each segment:
 * reassemble ({@link SmbStreams}), frame, decode ({@link SmbMessageDecoder}), add flows to a list.
 * Segments must arrive per connection in capture order (timestamp, then packet index).
 */
public final class SmbConnectionProcessor {

  private SmbConnectionProcessor() {}

  /** Feeds one segment; adds the flows it completes to {@code out}. */
  public static void onSegment(
      SmbConnectionState state, TcpSegment seg, PcapDecodeCounters c, List<SmbFlow> out) {
    List<SmbMessage> messages = new ArrayList<>(2);
    SmbStreams.onSegment(state.stream, seg, c, messages);
    decodeAll(state, messages, c, out);
  }

  /**
   * Ends the connection (idle timeout or end of input): what was buffered is framed and decoded.
   * The state may be dropped afterwards.
   */
  public static void close(SmbConnectionState state, PcapDecodeCounters c, List<SmbFlow> out) {
    List<SmbMessage> messages = new ArrayList<>(2);
    SmbStreams.close(state.stream, c, messages);
    decodeAll(state, messages, c, out);
  }

  private static void decodeAll(
      SmbConnectionState state,
      List<SmbMessage> messages,
      PcapDecodeCounters c,
      List<SmbFlow> out) {
    for (SmbMessage m : messages) {
      SmbMessageDecoder.decode(state.smb, m, c, out);
    }
  }
}
