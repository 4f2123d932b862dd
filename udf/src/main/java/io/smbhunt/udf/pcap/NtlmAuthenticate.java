package io.smbhunt.udf.pcap;

import io.smbhunt.udf.json.Swar;
import java.nio.charset.StandardCharsets;

/**
 * The user name in an NTLM AUTHENTICATE message ([MS-NLMP] 2.2.1.3), found inside a SESSION_SETUP
 * request's security blob. The blob is SPNEGO (or raw NTLMSSP) around it; rather than parse the
 * ASN.1, the message is found by its signature, which cannot be mistaken inside the other tokens of
 * a SESSION_SETUP. Kerberos sessions carry no readable user name and give {@code null}.
 */
final class NtlmAuthenticate {

  private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
  private static final int AUTHENTICATE = 3;
  private static final int NEGOTIATE_UNICODE = 0x1;

  /** The fixed part up to and including NegotiateFlags. */
  private static final int HEADER = 64;

  private NtlmAuthenticate() {}

  /**
   * The user name of the AUTHENTICATE message in {@code b[from, to)}, or {@code null} when there is
   * none (another NTLM message, Kerberos, an anonymous session, or fields out of bounds).
   */
  static String userName(byte[] b, int from, int to, PcapDecodeCounters c) {
    int at = Swar.indexOf(b, from, to, SIGNATURE);
    if (at < 0 || at + HEADER > to || Bytes.u32le(b, at + 8) != AUTHENTICATE) {
      return null;
    }
    int length = Bytes.u16le(b, at + 36);
    long offset = Bytes.u32le(b, at + 40);
    if (length == 0 || offset + length > to - at) {
      return null;
    }
    int start = at + (int) offset;
    boolean unicode = (Bytes.u32le(b, at + 60) & NEGOTIATE_UNICODE) != 0;
    String user =
        unicode
            ? SmbNames.utf16(b, start, length & ~1, c)
            : SmbNames.oem(b, start, start + length, c);
    return user.isEmpty() ? null : user;
  }
}
