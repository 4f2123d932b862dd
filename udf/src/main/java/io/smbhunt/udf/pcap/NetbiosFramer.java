package io.smbhunt.udf.pcap;

import static io.smbhunt.udf.pcap.SmbDirectionState.MODE_BODY;
import static io.smbhunt.udf.pcap.SmbDirectionState.MODE_HEADER;
import static io.smbhunt.udf.pcap.SmbDirectionState.MODE_RESYNC;
import static io.smbhunt.udf.pcap.SmbDirectionState.MODE_SKIP;

import java.util.Arrays;
import java.util.List;

/**
 * Cuts one direction's in-order byte stream into SMB messages by NetBIOS session framing: a 4-byte
 * header (type {@code 0x00}, 24-bit length) before each message.
 *
 * <p>When the framing is lost (a gap, or bytes that are no SMB frame) it hunts for the next header
 * that parses as SMB: {@code 0x00}, a length no smaller than that protocol's header, then {@code
 * 0xFE 'SMB'} (SMB2), {@code 0xFF 'SMB'} (SMB1), {@code 0xFD 'SMB'} (SMB3 transform) or {@code 0xFC
 * 'SMB'} (SMB3 compression). Eight specific bytes rarely occur by chance, and a false match is
 * caught by the SMB2 header checks that follow.
 *
 * <p>A message is kept up to {@link PcapLimits#MAX_MESSAGE_BYTES}, or up to a hole in it; the rest
 * streams past uncopied. So a gap in the data of a WRITE loses nothing the decoder needs, and the
 * decoder sees only bytes that were really captured, in their real place.
 */
final class NetbiosFramer {

  /** A header is 8 bytes (NetBIOS + protocol id): 7 carried bytes can start one. */
  private static final int CARRY = 7;

  private NetbiosFramer() {}

  /** Where the message being framed came from: the packet that completes it. */
  static final class Origin {
    final long packetIndex;
    final long timestampMicros;
    final String source;

    Origin(long packetIndex, long timestampMicros, String source) {
      this.packetIndex = packetIndex;
      this.timestampMicros = timestampMicros;
      this.source = source;
    }
  }

  static void feed(
      SmbStreamState st,
      int dir,
      byte[] b,
      int off,
      int len,
      Origin origin,
      PcapDecodeCounters c,
      List<SmbMessage> out) {
    SmbDirectionState d = SmbStreams.direction(st, dir);
    while (len > 0) {
      switch (d.mode) {
        case MODE_HEADER:
          {
            if (d.header == null) {
              d.header = new byte[4];
            }
            int n = Math.min(4 - d.headerFill, len);
            System.arraycopy(b, off, d.header, d.headerFill, n);
            d.headerFill += n;
            off += n;
            len -= n;
            if (d.headerFill == 4) {
              d.headerFill = 0;
              startFrame(d, c);
            }
            break;
          }
        case MODE_BODY:
          {
            int n = (int) Math.min((long) d.messageLength - d.messageSeen, len);
            if (d.messageSeen < 4) {
              n = Math.min(n, 4 - d.messageSeen); // check the protocol id before going on
            }
            int keep = Math.min(n, d.message.length - d.messageSeen);
            if (keep > 0) {
              System.arraycopy(b, off, d.message, d.messageSeen, keep);
            }
            d.messageSeen += n;
            off += n;
            len -= n;
            if (d.messageSeen == 4 && !isSmb(d.message, 0, d.messageLength)) {
              c.increment(PcapReasons.NETBIOS_DESYNC);
              byte[] replay = new byte[CARRY];
              System.arraycopy(d.header, 1, replay, 0, 3);
              System.arraycopy(d.message, 0, replay, 3, 4);
              resync(d);
              d.carry = replay;
              d.carryFill = CARRY;
            } else if (d.messageSeen == d.messageLength) {
              finish(st, dir, d, origin, c, out);
            }
            break;
          }
        case MODE_SKIP:
          {
            int n = Math.min(d.skipRemaining, len);
            d.skipRemaining -= n;
            off += n;
            len -= n;
            if (d.skipRemaining == 0) {
              d.mode = MODE_HEADER;
            }
            break;
          }
        default:
          {
            byte[] buf = b;
            int from = off;
            int to = off + len;
            if (d.carryFill > 0) {
              buf = new byte[d.carryFill + len];
              System.arraycopy(d.carry, 0, buf, 0, d.carryFill);
              System.arraycopy(b, off, buf, d.carryFill, len);
              from = 0;
              to = buf.length;
            }
            int at = findHeader(buf, from, to);
            if (at < 0) {
              int keep = Math.min(CARRY, to - from);
              if (d.carry == null) {
                d.carry = new byte[CARRY];
              }
              System.arraycopy(buf, to - keep, d.carry, 0, keep);
              d.carryFill = keep;
              return;
            }
            d.carryFill = 0;
            d.mode = MODE_HEADER;
            b = buf;
            off = at;
            len = to - at;
          }
      }
    }
  }

  /**
   * {@code length} bytes of this direction will never be seen. Framing survives when they fall
   * inside the current message, and the message is still decoded from its bytes before the hole: a
   * hole in WRITE data costs nothing, a hole in a header is caught by the decoder's bounds.
   */
  static void gap(
      SmbStreamState st,
      int dir,
      long length,
      Origin origin,
      PcapDecodeCounters c,
      List<SmbMessage> out) {
    SmbDirectionState d = SmbStreams.direction(st, dir);
    if (length <= 0) {
      return;
    }
    switch (d.mode) {
      case MODE_BODY:
        if (d.messageSeen < 4) {
          // Not even the protocol id was seen: nothing vouches for the frame's length.
          c.increment(PcapReasons.SMB_MESSAGE_LOST);
          resync(d);
          return;
        }
        long remaining = (long) d.messageLength - d.messageSeen;
        if (d.messageSeen < d.message.length) {
          c.increment(PcapReasons.SMB_MESSAGE_PARTIAL);
          d.message = Arrays.copyOf(d.message, d.messageSeen);
        }
        d.messageSeen += (int) Math.min(length, remaining);
        if (d.messageSeen == d.messageLength) {
          finish(st, dir, d, origin, c, out);
        }
        if (length > remaining) {
          resync(d);
        }
        return;
      case MODE_SKIP:
        if (length < d.skipRemaining) {
          d.skipRemaining -= (int) length;
        } else if (length == d.skipRemaining) {
          d.skipRemaining = 0;
          d.mode = MODE_HEADER;
        } else {
          resync(d);
        }
        return;
      case MODE_HEADER:
        if (d.headerFill > 0) {
          c.increment(PcapReasons.SMB_MESSAGE_LOST);
        }
        resync(d);
        return;
      default:
        d.carryFill = 0; // the carried bytes are no longer adjacent to what comes next
    }
  }

  /** The stream is over: a message still being collected is lost. Frees the buffers. */
  static void endOfStream(SmbDirectionState d, PcapDecodeCounters c) {
    if (d.mode == MODE_BODY || (d.mode == MODE_HEADER && d.headerFill > 0)) {
      c.increment(PcapReasons.SMB_MESSAGE_LOST);
    }
    resync(d);
    d.header = null;
    d.carry = null;
  }

  private static void startFrame(SmbDirectionState d, PcapDecodeCounters c) {
    int type = d.header[0] & 0xff;
    int length = Bytes.u24be(d.header, 1);
    if (type == 0x00 && length >= 4) {
      d.mode = MODE_BODY;
      d.messageLength = length;
      d.messageSeen = 0;
      d.message = new byte[Math.min(length, PcapLimits.MAX_MESSAGE_BYTES)];
    } else if (type >= 0x81 && type <= 0x85) {
      // Session request/response/keep-alive of NetBIOS over TCP 139 (RFC 1002): 17-bit length.
      c.increment(PcapReasons.NETBIOS_NON_SESSION);
      d.skipRemaining = (d.header[1] & 1) << 16 | Bytes.u16be(d.header, 2);
      d.mode = d.skipRemaining == 0 ? MODE_HEADER : MODE_SKIP;
    } else {
      c.increment(PcapReasons.NETBIOS_DESYNC);
      byte[] replay = new byte[CARRY];
      System.arraycopy(d.header, 1, replay, 0, 3);
      resync(d);
      d.carry = replay;
      d.carryFill = 3;
    }
  }

  private static void finish(
      SmbStreamState st,
      int dir,
      SmbDirectionState d,
      Origin origin,
      PcapDecodeCounters c,
      List<SmbMessage> out) {
    if (d.messageLength > PcapLimits.MAX_MESSAGE_BYTES) {
      c.increment(PcapReasons.SMB_MESSAGE_TRUNCATED);
    }
    c.increment(PcapReasons.SMB_MESSAGES);
    out.add(message(st, dir, d, origin));
    d.message = null;
    d.messageSeen = 0;
    d.messageLength = 0;
    d.mode = MODE_HEADER;
  }

  private static SmbMessage message(
      SmbStreamState st, int dir, SmbDirectionState d, Origin origin) {
    SmbMessage m = new SmbMessage();
    m.connectionKey = st.connectionKey;
    m.direction = dir;
    m.srcIp = dir == 0 ? st.lowerIp : st.higherIp;
    m.srcPort = dir == 0 ? st.lowerPort : st.higherPort;
    m.dstIp = dir == 0 ? st.higherIp : st.lowerIp;
    m.dstPort = dir == 0 ? st.higherPort : st.lowerPort;
    m.clientDirection = st.clientDirection;
    m.generation = st.generation;
    m.source = origin.source;
    m.packetIndex = origin.packetIndex;
    m.timestampMicros = origin.timestampMicros;
    m.data = d.message;
    m.length = d.messageLength;
    return m;
  }

  private static void resync(SmbDirectionState d) {
    d.mode = MODE_RESYNC;
    d.headerFill = 0;
    d.message = null;
    d.messageSeen = 0;
    d.messageLength = 0;
    d.skipRemaining = 0;
    d.carryFill = 0;
  }

  /** Index in {@code [from, to)} of a NetBIOS header starting an SMB message, or -1. */
  static int findHeader(byte[] b, int from, int to) {
    for (int i = from; i + 8 <= to; i++) {
      if (b[i] == 0
          && b[i + 5] == 'S'
          && b[i + 6] == 'M'
          && b[i + 7] == 'B'
          && isSmb(b, i + 4, Bytes.u24be(b, i + 1))) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code b[off..off+4)} is an SMB protocol id and {@code length} fits its header. */
  static boolean isSmb(byte[] b, int off, int length) {
    if (b[off + 1] != 'S' || b[off + 2] != 'M' || b[off + 3] != 'B') {
      return false;
    }
    switch (b[off] & 0xff) {
      case 0xfe:
        return length >= 64;
      case 0xff:
        return length >= 32;
      case 0xfd:
        return length >= 52;
      case 0xfc:
        return length >= 8;
      default:
        return false;
    }
  }
}
