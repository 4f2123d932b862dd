package io.smbhunt.udf.pcap;

import java.io.IOException;

/**
 * The records of a classic libpcap file, after its 4-byte magic.
 *
 * <p>A record header carries no redundancy, so a captured length beyond {@link
 * PcapLimits#MAX_PACKET_BYTES} means the framing itself is lost and ends the file (as Wireshark
 * does); a length beyond the file's snapshot length but within the limit is refused on its own and
 * reading goes on, the bytes skipped unread.
 */
final class ClassicPcapRecords implements PcapReader.Records {

  private static final long MAGIC_MICROS = 0xa1b2c3d4L;
  private static final long MAGIC_NANOS = 0xa1b23c4dL;

  /** Alexey Kuznetsov's patched libpcap: 8 more bytes (ifindex, protocol, type) per record. */
  private static final long MAGIC_MODIFIED = 0xa1b2cd34L;

  private final ByteInput in;
  private final boolean littleEndian;
  private final boolean nanos;
  private final int recordHeaderBytes;
  private final byte[] header;
  private long snapLength;
  private int linkType;
  private long index;

  private ClassicPcapRecords(ByteInput in, boolean littleEndian, boolean nanos, boolean modified) {
    this.in = in;
    this.littleEndian = littleEndian;
    this.nanos = nanos;
    this.recordHeaderBytes = modified ? 24 : 16;
    this.header = new byte[24];
  }

  /** The reader for a file starting with {@code magic} (read little-endian); null if none. */
  static ClassicPcapRecords forMagic(ByteInput in, long magic)
      throws IOException, PcapFormatException {
    ClassicPcapRecords r;
    if (magic == MAGIC_MICROS || magic == swapped(MAGIC_MICROS)) {
      r = new ClassicPcapRecords(in, magic == MAGIC_MICROS, false, false);
    } else if (magic == MAGIC_NANOS || magic == swapped(MAGIC_NANOS)) {
      r = new ClassicPcapRecords(in, magic == MAGIC_NANOS, true, false);
    } else if (magic == MAGIC_MODIFIED || magic == swapped(MAGIC_MODIFIED)) {
      r = new ClassicPcapRecords(in, magic == MAGIC_MODIFIED, false, true);
    } else {
      return null;
    }
    r.readFileHeader();
    return r;
  }

  /** The magic as a file of the other byte order shows it. */
  private static long swapped(long magic) {
    return Integer.reverseBytes((int) magic) & 0xffffffffL;
  }

  private void readFileHeader() throws IOException, PcapFormatException {
    // version (4), thiszone (4: always 0 in practice), sigfigs (4), snaplen (4), network (4).
    in.readFully(header, 0, 20, 0, "the file header");
    snapLength = Bytes.u32(header, 12, littleEndian);
    // The upper bits of the link-type field carry FCS information, not the type.
    linkType = (int) (Bytes.u32(header, 16, littleEndian) & 0xffff);
  }

  @Override
  public Packet next() throws IOException, PcapFormatException {
    int n = in.read(header, 0, recordHeaderBytes);
    if (n == 0) {
      return null;
    }
    index++;
    if (n < recordHeaderBytes) {
      throw ByteInput.truncated(index, "a packet record header");
    }
    long seconds = Bytes.u32(header, 0, littleEndian);
    long fraction = Bytes.u32(header, 4, littleEndian);
    long capLength = Bytes.u32(header, 8, littleEndian);
    long origLength = Bytes.u32(header, 12, littleEndian);
    if (capLength > PcapLimits.MAX_PACKET_BYTES) {
      throw new PcapFormatException(
          PcapReasons.PCAP_PACKET_TOO_LARGE,
          true,
          index,
          "record claims " + capLength + " captured bytes; the record framing cannot be trusted");
    }
    if (snapLength > 0 && capLength > snapLength) {
      in.skip(capLength, index, "a packet");
      throw new PcapFormatException(
          PcapReasons.PCAP_PACKET_OVER_SNAPLEN,
          false,
          index,
          "packet of " + capLength + " bytes exceeds the snapshot length " + snapLength);
    }
    byte[] data = new byte[(int) capLength];
    in.readFully(data, 0, data.length, index, "a packet");
    long micros = seconds * 1_000_000L + (nanos ? fraction / 1000 : fraction);
    return new Packet(index, micros, linkType, origLength, data);
  }
}
