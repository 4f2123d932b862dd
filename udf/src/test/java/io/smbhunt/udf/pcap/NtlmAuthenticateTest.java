package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The user name of an NTLM AUTHENTICATE message ([MS-NLMP] 2.2.1.3) inside a security blob; the
 * real sign-ins of the Samba and Impacket captures are checked against tshark in their own tests.
 */
class NtlmAuthenticateTest {

  private final PcapDecodeCounters counters = new PcapDecodeCounters();

  @Test
  void readsTheUserOfAUnicodeAuthenticateBehindASpnegoPrefix() {
    byte[] blob = blob(authenticate(3, "pgustavo", true), 17);

    assertThat(NtlmAuthenticate.userName(blob, 0, blob.length, counters)).isEqualTo("pgustavo");
  }

  @Test
  void readsAnOemUserName() {
    byte[] blob = blob(authenticate(3, "ADMIN", false), 0);

    assertThat(NtlmAuthenticate.userName(blob, 0, blob.length, counters)).isEqualTo("ADMIN");
  }

  @Test
  void otherMessagesAnonymousSignInsAndKerberosGiveNoUser() {
    byte[] negotiate = blob(authenticate(1, "pgustavo", true), 4);
    byte[] anonymous = blob(authenticate(3, "", true), 4);
    byte[] kerberos = "\u0060\u0082krb5 AP-REQ, no NTLM".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(NtlmAuthenticate.userName(negotiate, 0, negotiate.length, counters)).isNull();
    assertThat(NtlmAuthenticate.userName(anonymous, 0, anonymous.length, counters)).isNull();
    assertThat(NtlmAuthenticate.userName(kerberos, 0, kerberos.length, counters)).isNull();
  }

  @Test
  void aUserNameOutsideTheBlobIsNotRead() {
    byte[] message = authenticate(3, "pgustavo", true);
    byte[] blob = blob(message, 0);

    // The same message cut before its payload, and with a user offset pointing past the end.
    assertThat(NtlmAuthenticate.userName(blob, 0, 70, counters)).isNull();
    ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 1 << 20);
    assertThat(NtlmAuthenticate.userName(blob, 0, blob.length, counters)).isNull();
  }

  /** An AUTHENTICATE (or other) message with the user as its only payload, after the header. */
  private static byte[] authenticate(int type, String user, boolean unicode) {
    byte[] name = user.getBytes(unicode ? StandardCharsets.UTF_16LE : StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(72 + name.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII));
    b.putInt(8, type);
    b.putShort(36, (short) name.length);
    b.putShort(38, (short) name.length);
    b.putInt(40, 72);
    b.putInt(60, unicode ? 0x1 : 0x2);
    b.position(72);
    b.put(name);
    return b.array();
  }

  private static byte[] blob(byte[] message, int prefix) {
    byte[] blob = new byte[prefix + message.length];
    for (int i = 0; i < prefix; i++) {
      blob[i] = (byte) (0xa0 + i);
    }
    System.arraycopy(message, 0, blob, prefix, message.length);
    return blob;
  }
}
