package io.smbhunt.udf.pcap;

/**
 * Every bound the pcap path enforces, in one place so the job's documentation and the tests cite
 * the same numbers. Archived captures are untrusted input: each length a file or packet claims is
 * checked against one of these before anything is allocated, so one hostile or corrupt capture
 * cannot exhaust a task manager's heap or bloat keyed state.
 */
public final class PcapLimits {

  /**
   * Largest captured packet accepted: 256 KiB, the largest snapshot length tcpdump and Wireshark
   * use (and Wireshark's own limit), well above a 64 KiB segmentation-offload frame.
   */
  public static final int MAX_PACKET_BYTES = 256 * 1024;

  /** Most pcapng interfaces remembered per section; packets of any further one are refused. */
  public static final int MAX_INTERFACES = 4096;

  /**
   * Bytes of one SMB message kept for decoding. Every command header and name this code reads sits
   * at the start of a message; only WRITE data and READ payloads run past this, and those are
   * skipped as they stream by rather than buffered, so a multi-megabyte WRITE costs 64 KiB.
   */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;

  /** Out-of-order TCP payload buffered per direction before the gap is given up on. */
  public static final int MAX_OUT_OF_ORDER_BYTES = 256 * 1024;

  /** Out-of-order TCP segments buffered per direction before the gap is given up on. */
  public static final int MAX_OUT_OF_ORDER_SEGMENTS = 64;

  /** Entries per table (trees, open files, pending requests) of one connection. */
  public static final int MAX_TABLE_ENTRIES = 1024;

  /** Characters kept of one share path or file name (Windows' own limit is 32,767). */
  public static final int MAX_NAME_CHARS = 2048;

  /** Commands followed in one compound (chained) SMB2 message. */
  public static final int MAX_COMPOUND_COMMANDS = 64;

  /** 802.1Q/802.1ad tags walked before a frame is given up on. */
  public static final int MAX_VLAN_TAGS = 4;

  /** IPv6 extension headers walked before a packet is given up on. */
  public static final int MAX_IPV6_EXTENSION_HEADERS = 16;

  private PcapLimits() {}
}
