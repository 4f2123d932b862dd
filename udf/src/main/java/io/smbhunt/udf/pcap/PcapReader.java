package io.smbhunt.udf.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the packets of a capture file, one at a time, from a stream: classic libpcap (either byte
 * order, microsecond or nanosecond magic) and pcapng (sections of either byte order, several
 * interfaces each with its own link type, snapshot length and timestamp resolution). The format is
 * recognised from the first four bytes, never from the file name, since rotated captures are often
 * named {@code .1}, {@code .2}.
 *
 * <p>Memory is bounded whatever the file says: a packet is only allocated after its length was
 * checked against {@link PcapLimits#MAX_PACKET_BYTES} and the snapshot length, and everything else
 * (pcapng options, unknown blocks) is skipped as it streams by.
 *
 * <p>Usage: call {@link #next()} until it returns {@code null}. A {@link PcapFormatException} is
 * counted by its reason; if it is not fatal the next call continues with the following packet,
 * otherwise the file is over (its earlier packets were returned already). Not thread-safe.
 */
public final class PcapReader implements Closeable {

  /** The text {@link #format()} gives for a classic libpcap file. */
  public static final String FORMAT_PCAP = "pcap";

  /** The text {@link #format()} gives for a pcapng file. */
  public static final String FORMAT_PCAPNG = "pcapng";

  /** What both formats have in common: the next packet, or {@code null} at the end. */
  interface Records {
    Packet next() throws IOException, PcapFormatException;
  }

  private final ByteInput in;
  private Records records;
  private String format;
  private boolean done;

  public PcapReader(InputStream in) {
    this.in = new ByteInput(in);
  }

  /**
   * The next packet, or {@code null} once the file is over (also after a fatal error).
   *
   * @throws PcapFormatException a refused packet (not fatal) or a corrupt/truncated file (fatal)
   * @throws IOException the underlying stream failed
   */
  public Packet next() throws IOException, PcapFormatException {
    if (done) {
      return null;
    }
    try {
      if (records == null) {
        records = open();
      }
      Packet p = records.next();
      if (p == null) {
        done = true;
      }
      return p;
    } catch (PcapFormatException e) {
      if (e.isFatal()) {
        done = true;
      }
      throw e;
    }
  }

  /**
   * pcapng blocks that hold no packets (interface statistics, name resolution, custom …) and were
   * skipped; a job reports them as {@link PcapReasons#PCAPNG_BLOCK_SKIPPED}. Always 0 for pcap.
   */
  public long blocksSkipped() {
    return records instanceof PcapNgRecords ? ((PcapNgRecords) records).skippedBlocks() : 0;
  }

  /**
   * {@link #FORMAT_PCAP} or {@link #FORMAT_PCAPNG}; {@code null} before the first {@link #next}.
   */
  public String format() {
    return format;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private Records open() throws IOException, PcapFormatException {
    byte[] magic = new byte[4];
    int n = in.read(magic, 0, 4);
    if (n < 4) {
      throw ByteInput.truncated(0, "the file header");
    }
    long le = Bytes.u32le(magic, 0);
    if (le == PcapNgRecords.SHB_TYPE) {
      format = FORMAT_PCAPNG;
      return new PcapNgRecords(in);
    }
    ClassicPcapRecords classic = ClassicPcapRecords.forMagic(in, le);
    if (classic == null) {
      throw new PcapFormatException(
          PcapReasons.PCAP_BAD_MAGIC,
          true,
          0,
          String.format("not a pcap or pcapng file (magic 0x%08x)", le));
    }
    format = FORMAT_PCAP;
    return classic;
  }
}
