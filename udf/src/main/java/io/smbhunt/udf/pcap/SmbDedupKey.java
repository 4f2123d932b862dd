package io.smbhunt.udf.pcap;

/**
 * The identity of one SMB request across captures: connection key (both endpoints, order-free),
 * session id, message id and command. Two sensors that capture the same flow produce the same key
 * for the same request, while two requests of one connection never share one (message ids are
 * unique per connection). A retransmitted request keeps its message id and so its key too.
 */
public final class SmbDedupKey {

  private SmbDedupKey() {}

  /**
   * {@code 172.18.39.5:62782-172.18.39.6:445|1c0000000015|13|SMB2_WRITE}: session in hex as tshark
   * shows it, message id in decimal.
   */
  public static String of(String connectionKey, long sessionId, long messageId, String command) {
    return connectionKey
        + '|'
        + Long.toHexString(sessionId)
        + '|'
        + Long.toUnsignedString(messageId)
        + '|'
        + command;
  }
}
