package io.smbhunt.udf.pcap;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The packets of a pcapng file, after the first block's 4-byte type.
 *
 * <p>Reads Section Header, Interface Description, Enhanced Packet, Simple Packet and the obsolete
 * Packet block; every other block type is skipped unread. Each block states its length twice, so a
 * block is always skipped exactly: a refused packet (too large, unknown interface) costs only
 * itself, and only lengths that contradict each other end the file.
 *
 * <p>A Simple Packet Block has no timestamp; it is given the previous packet's time, which keeps it
 * in order on the time axis instead of placing it in 1970.
 */
final class PcapNgRecords implements PcapReader.Records {

  static final long SHB_TYPE = 0x0A0D0D0AL;
  private static final long IDB_TYPE = 1;
  private static final long OPB_TYPE = 2;
  private static final long SPB_TYPE = 3;
  private static final long EPB_TYPE = 6;
  private static final long BYTE_ORDER_MAGIC = 0x1A2B3C4DL;
  private static final int OPT_END = 0;
  private static final int OPT_IF_TSRESOL = 9;
  private static final int OPT_IF_TSOFFSET = 14;
  private static final BigInteger MICROS_PER_SECOND = BigInteger.valueOf(1_000_000L);

  private final ByteInput in;
  private final byte[] buf = new byte[32];
  private boolean littleEndian;
  private boolean typeAlreadyRead = true;
  private long index;
  private long lastMicros;
  private long skippedBlocks;

  // Interfaces of the current section, by id: parallel arrays, grown as IDBs arrive.
  private int interfaceCount;
  private int[] linkTypes = new int[4];
  private long[] snapLengths = new long[4];
  private int[] resolutions = new int[4];
  private long[] offsetSeconds = new long[4];

  PcapNgRecords(ByteInput in) {
    this.in = in;
  }

  @Override
  public Packet next() throws IOException, PcapFormatException {
    while (true) {
      long type;
      if (typeAlreadyRead) {
        typeAlreadyRead = false;
        type = SHB_TYPE;
      } else {
        int n = in.read(buf, 0, 4);
        if (n == 0) {
          return null;
        }
        if (n < 4) {
          throw ByteInput.truncated(index + 1, "a block header");
        }
        type = Bytes.u32(buf, 0, littleEndian);
      }
      if (type == SHB_TYPE) {
        readSectionHeader();
        continue;
      }
      in.readFully(buf, 0, 4, index + 1, "a block header");
      long length = Bytes.u32(buf, 0, littleEndian);
      if (length < 12 || length % 4 != 0) {
        throw badBlock("block of type " + type + " has impossible length " + length);
      }
      long body = length - 12;
      if (type == EPB_TYPE || type == OPB_TYPE) {
        return packetBlock(type, body);
      } else if (type == SPB_TYPE) {
        return simplePacketBlock(body);
      } else if (type == IDB_TYPE) {
        interfaceBlock(body);
      } else {
        // Statistics, name resolution, decryption secrets, custom blocks: no packets in them.
        in.skip(body, index + 1, "a block");
        endBlock(length);
        skippedBlocks++;
      }
    }
  }

  private void readSectionHeader() throws IOException, PcapFormatException {
    in.readFully(buf, 0, 8, index + 1, "a section header");
    long magic = Bytes.u32le(buf, 4);
    if (magic == BYTE_ORDER_MAGIC) {
      littleEndian = true;
    } else if (magic == (Integer.reverseBytes((int) BYTE_ORDER_MAGIC) & 0xffffffffL)) {
      littleEndian = false;
    } else {
      throw badBlock("section header has no byte-order magic");
    }
    long length = Bytes.u32(buf, 0, littleEndian);
    if (length < 28 || length % 4 != 0) {
      throw badBlock("section header has impossible length " + length);
    }
    // Version and section length (12 bytes) and options are of no use here.
    in.skip(length - 16, index + 1, "a section header");
    endBlock(length);
    interfaceCount = 0;
  }

  private void interfaceBlock(long body) throws IOException, PcapFormatException {
    if (body < 8) {
      throw badBlock("interface description block too short");
    }
    in.readFully(buf, 0, 8, index + 1, "an interface description");
    int linkType = Bytes.u16(buf, 0, littleEndian);
    long snapLength = Bytes.u32(buf, 4, littleEndian);
    int resolution = 6;
    long offset = 0;
    long left = body - 8;
    // Options are read one at a time and only two are kept, so their total size costs nothing.
    while (left >= 4) {
      in.readFully(buf, 0, 4, index + 1, "an interface option");
      left -= 4;
      int code = Bytes.u16(buf, 0, littleEndian);
      long padded = (Bytes.u16(buf, 2, littleEndian) + 3) & ~3L;
      int valueLength = Bytes.u16(buf, 2, littleEndian);
      if (code == OPT_END || padded > left) {
        break;
      }
      int used = 0;
      if (code == OPT_IF_TSRESOL && valueLength >= 1) {
        in.readFully(buf, 0, 1, index + 1, "an interface option");
        resolution = Bytes.u8(buf, 0);
        used = 1;
      } else if (code == OPT_IF_TSOFFSET && valueLength >= 8) {
        in.readFully(buf, 0, 8, index + 1, "an interface option");
        offset = Bytes.u64(buf, 0, littleEndian);
        used = 8;
      }
      in.skip(padded - used, index + 1, "an interface option");
      left -= padded;
    }
    in.skip(left, index + 1, "an interface description");
    endBlock(body + 12);
    if (interfaceCount >= PcapLimits.MAX_INTERFACES) {
      return; // its packets will be refused as of an unknown interface
    }
    if (interfaceCount == linkTypes.length) {
      int n = Math.min(PcapLimits.MAX_INTERFACES, interfaceCount * 2);
      linkTypes = Arrays.copyOf(linkTypes, n);
      snapLengths = Arrays.copyOf(snapLengths, n);
      resolutions = Arrays.copyOf(resolutions, n);
      offsetSeconds = Arrays.copyOf(offsetSeconds, n);
    }
    linkTypes[interfaceCount] = linkType;
    snapLengths[interfaceCount] = snapLength;
    resolutions[interfaceCount] = resolution;
    offsetSeconds[interfaceCount] = offset;
    interfaceCount++;
  }

  /** Enhanced (type 6) or obsolete (type 2) packet block: same layout but the interface id. */
  private Packet packetBlock(long type, long body) throws IOException, PcapFormatException {
    long idx = ++index;
    if (body < 20) {
      throw badBlock("packet block too short");
    }
    in.readFully(buf, 0, 20, idx, "a packet block");
    long iface =
        type == EPB_TYPE ? Bytes.u32(buf, 0, littleEndian) : Bytes.u16(buf, 0, littleEndian);
    long ts = Bytes.u32(buf, 4, littleEndian) << 32 | Bytes.u32(buf, 8, littleEndian);
    long capLength = Bytes.u32(buf, 12, littleEndian);
    long origLength = Bytes.u32(buf, 16, littleEndian);
    long rest = body - 20;
    if (capLength > rest) {
      throw badBlock("packet block claims " + capLength + " bytes in a block of " + (body + 12));
    }
    String refusal = refusal(iface, capLength);
    if (refusal != null) {
      in.skip(rest, idx, "a packet block");
      endBlock(body + 12);
      throw new PcapFormatException(refusal, false, idx, "packet " + idx + " refused: " + refusal);
    }
    byte[] data = new byte[(int) capLength];
    in.readFully(data, 0, data.length, idx, "a packet");
    in.skip(rest - capLength, idx, "a packet block");
    endBlock(body + 12);
    int i = (int) iface;
    lastMicros = toMicros(ts, resolutions[i], offsetSeconds[i]);
    return new Packet(idx, lastMicros, linkTypes[i], origLength, data);
  }

  private Packet simplePacketBlock(long body) throws IOException, PcapFormatException {
    long idx = ++index;
    if (body < 4) {
      throw badBlock("simple packet block too short");
    }
    in.readFully(buf, 0, 4, idx, "a simple packet block");
    long origLength = Bytes.u32(buf, 0, littleEndian);
    long rest = body - 4;
    long capLength = Math.min(origLength, rest);
    if (interfaceCount > 0 && snapLengths[0] > 0) {
      capLength = Math.min(capLength, snapLengths[0]);
    }
    String refusal = refusal(0, capLength);
    if (refusal != null) {
      in.skip(rest, idx, "a simple packet block");
      endBlock(body + 12);
      throw new PcapFormatException(refusal, false, idx, "packet " + idx + " refused: " + refusal);
    }
    byte[] data = new byte[(int) capLength];
    in.readFully(data, 0, data.length, idx, "a packet");
    in.skip(rest - capLength, idx, "a simple packet block");
    endBlock(body + 12);
    return new Packet(idx, lastMicros, linkTypes[0], origLength, data);
  }

  /** Blocks of types without packets that were skipped. */
  long skippedBlocks() {
    return skippedBlocks;
  }

  private String refusal(long iface, long capLength) {
    if (iface >= interfaceCount) {
      return PcapReasons.PCAPNG_UNKNOWN_INTERFACE;
    }
    if (capLength > PcapLimits.MAX_PACKET_BYTES) {
      return PcapReasons.PCAP_PACKET_TOO_LARGE;
    }
    long snap = snapLengths[(int) iface];
    if (snap > 0 && capLength > snap) {
      return PcapReasons.PCAP_PACKET_OVER_SNAPLEN;
    }
    return null;
  }

  /** Reads the trailing copy of the block length; a mismatch means the framing is lost. */
  private void endBlock(long length) throws IOException, PcapFormatException {
    in.readFully(buf, 28, 4, index, "a block trailer");
    long trailer = Bytes.u32(buf, 28, littleEndian);
    if (trailer != length) {
      throw badBlock("block length " + length + " but trailer says " + trailer);
    }
  }

  private PcapFormatException badBlock(String message) {
    return new PcapFormatException(PcapReasons.PCAPNG_BAD_BLOCK, true, index, message);
  }

  /**
   * Converts a raw timestamp to epoch microseconds. {@code if_tsresol}: high bit clear = 10^-n
   * seconds per unit, set = 2^-n. The common resolutions (micro, nano) stay in long arithmetic;
   * exotic ones go through BigInteger so no value can overflow.
   */
  static long toMicros(long ts, int resolution, long offsetSeconds) {
    long offsetMicros = offsetSeconds * 1_000_000L;
    if (resolution == 6) {
      return ts + offsetMicros;
    }
    if (resolution == 9) {
      return Long.divideUnsigned(ts, 1000) + offsetMicros;
    }
    BigInteger units = new BigInteger(Long.toUnsignedString(ts));
    BigInteger micros;
    int n = resolution & 0x7f;
    if ((resolution & 0x80) != 0) {
      micros = units.multiply(MICROS_PER_SECOND).shiftRight(n);
    } else if (n <= 6) {
      micros = units.multiply(BigInteger.TEN.pow(6 - n));
    } else {
      micros = units.divide(BigInteger.TEN.pow(n - 6));
    }
    return micros.longValue() + offsetMicros;
  }
}
