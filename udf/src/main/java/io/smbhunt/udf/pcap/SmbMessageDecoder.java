package io.smbhunt.udf.pcap;

import java.util.List;

/**
 * Decodes one complete SMB message against its connection's state and adds the resulting flow
 * records to a list: SMB2/3 in full ({@link Smb2Decoder}), the useful part of SMB1 ({@link
 * Smb1Decoder}); encrypted and compressed SMB3 messages are counted, as they cannot be read.
 * Nothing here throws on any input: every length is checked against the message first.
 */
public final class SmbMessageDecoder {

  private SmbMessageDecoder() {}

  /**
   * Decodes {@code m}, updating {@code st} and adding zero or more flows to {@code out}. If {@code
   * m} belongs to a newer {@link SmbStreamState#generation} (the port pair was reused), the old
   * connection's tables are dropped first.
   */
  public static void decode(
      Smb2ConnectionState st, SmbMessage m, PcapDecodeCounters c, List<SmbFlow> out) {
    if (m.generation != st.generation) {
      Smb2Tables.clear(st, m.generation);
    }
    byte[] b = m.data;
    if (b == null || b.length < 4 || b[1] != 'S' || b[2] != 'M' || b[3] != 'B') {
      c.increment(PcapReasons.SMB2_BAD_HEADER);
      return;
    }
    switch (b[0] & 0xff) {
      case 0xfe:
        Smb2Decoder.decode(st, m, c, out);
        return;
      case 0xff:
        Smb1Decoder.decode(st, m, c, out);
        return;
      case 0xfd:
        c.increment(PcapReasons.SMB3_ENCRYPTED);
        return;
      case 0xfc:
        c.increment(PcapReasons.SMB3_COMPRESSED);
        return;
      default:
        c.increment(PcapReasons.SMB2_BAD_HEADER);
    }
  }
}
