package io.smbhunt.udf.pcap;

/**
 * The stable codes {@link PcapDecodeCounters} counts, for the run's manifest. Codes ending in an
 * outcome ({@code packets}, {@code tcp_segments}, {@code smb_messages}, {@code smb2_commands},
 * {@code flows}) count work done, so a manifest can reconcile packets read against what became of
 * them; every other code is a reason something was refused, lost or left undecoded.
 */
public final class PcapReasons {

  // --- Reading capture files (PcapFormatException.reason()).
  /** Not a pcap or pcapng file: the first four bytes are no known magic number. */
  public static final String PCAP_BAD_MAGIC = "pcap_bad_magic";

  /** The file ends inside a header or a packet: packets before it are kept. */
  public static final String PCAP_TRUNCATED = "pcap_truncated";

  /** A packet longer than {@link PcapLimits#MAX_PACKET_BYTES}. */
  public static final String PCAP_PACKET_TOO_LARGE = "pcap_packet_too_large";

  /** A packet longer than the snapshot length its file or interface declares. */
  public static final String PCAP_PACKET_OVER_SNAPLEN = "pcap_packet_over_snaplen";

  /** A pcapng block whose lengths disagree or are impossible: the file cannot be followed. */
  public static final String PCAPNG_BAD_BLOCK = "pcapng_bad_block";

  /** A pcapng packet of an interface no Interface Description Block declared. */
  public static final String PCAPNG_UNKNOWN_INTERFACE = "pcapng_unknown_interface";

  /**
   * A pcapng block without packets (name resolution, statistics, custom …), skipped: not an error,
   * counted from {@link PcapReader#blocksSkipped()}.
   */
  public static final String PCAPNG_BLOCK_SKIPPED = "pcapng_block_skipped";

  // --- Packets to TCP segments (PacketDecodeResult.reason()).
  public static final String PACKETS = "packets";
  public static final String TCP_SEGMENTS = "tcp_segments";
  public static final String UNSUPPORTED_LINK_TYPE = "unsupported_link_type";
  public static final String NOT_IP = "not_ip";
  public static final String NOT_TCP = "not_tcp";

  /** An IP fragment: fragments are not reassembled (SMB over TCP is never fragmented by hosts). */
  public static final String IP_FRAGMENT = "ip_fragment";

  /** The packet ends inside a link, IP or TCP header. */
  public static final String TRUNCATED_HEADER = "truncated_header";

  public static final String BAD_IP_HEADER = "bad_ip_header";
  public static final String BAD_TCP_HEADER = "bad_tcp_header";

  // --- TCP reassembly.
  /** A segment whose bytes were all seen before (also a second sensor's copy of a segment). */
  public static final String TCP_RETRANSMISSION = "tcp_retransmission";

  /** A segment ahead of the next expected byte, buffered until the hole fills. */
  public static final String TCP_OUT_OF_ORDER = "tcp_out_of_order";

  /** Missing bytes given up on: buffers full, a FIN/RST or the connection closed first. */
  public static final String TCP_GAP = "tcp_gap";

  /** A direction whose first bytes were not preceded by its SYN (capture started mid-stream). */
  public static final String TCP_NO_HANDSHAKE = "tcp_no_handshake";

  /** A new SYN on a known connection key: the port pair was reused, the old state dropped. */
  public static final String TCP_CONNECTION_REUSED = "tcp_connection_reused";

  /** A segment cut short by the snapshot length: its missing bytes are a gap. */
  public static final String TCP_SNAPPED_PAYLOAD = "tcp_snapped_payload";

  // --- NetBIOS framing.
  public static final String SMB_MESSAGES = "smb_messages";

  /** Bytes that are no NetBIOS session frame of SMB: skipped until the next SMB header. */
  public static final String NETBIOS_DESYNC = "netbios_desync";

  /** A NetBIOS session request, response or keep-alive (port 139): skipped, nothing lost. */
  public static final String NETBIOS_NON_SESSION = "netbios_non_session";

  /**
   * A message begun but never decodable: the stream ended inside it, or a hole took its protocol
   * id. (Messages a hole swallowed whole are counted only as the {@link #TCP_GAP}.)
   */
  public static final String SMB_MESSAGE_LOST = "smb_message_lost";

  /** A message with a hole inside it: decoded from its bytes before the hole. */
  public static final String SMB_MESSAGE_PARTIAL = "smb_message_partial";

  /** A message longer than {@link PcapLimits#MAX_MESSAGE_BYTES}: only its start was decoded. */
  public static final String SMB_MESSAGE_TRUNCATED = "smb_message_truncated";

  // --- SMB decoding.
  public static final String SMB2_COMMANDS = "smb2_commands";
  public static final String FLOWS = "flows";

  /** An SMB3 transform header: the message is encrypted and cannot be read without keys. */
  public static final String SMB3_ENCRYPTED = "smb3_encrypted";

  /** An SMB 3.1.1 compression transform: not decompressed. */
  public static final String SMB3_COMPRESSED = "smb3_compressed";

  /** An SMB1 command other than those decoded (NT_CREATE_ANDX, WRITE_ANDX, …). */
  public static final String SMB1_NOT_DECODED = "smb1_not_decoded";

  /** An SMB2 header that is not one: wrong size, bad chain offset. */
  public static final String SMB2_BAD_HEADER = "smb2_bad_header";

  /** An SMB2 command whose body is too short or points outside the message. */
  public static final String SMB2_BAD_COMMAND = "smb2_bad_command";

  /**
   * A command, or a field of one, lies in the part of a message that was not kept: past {@link
   * PcapLimits#MAX_MESSAGE_BYTES}, after a hole, or past {@link PcapLimits#MAX_COMPOUND_COMMANDS}.
   */
  public static final String SMB2_NOT_CAPTURED = "smb2_not_captured";

  /** A TREE_CONNECT or CREATE response whose request was not seen: reported without its name. */
  public static final String SMB2_RESPONSE_WITHOUT_REQUEST = "smb2_response_without_request";

  /** A TREE_CONNECT or CREATE that failed: no record, nothing remembered. */
  public static final String SMB2_ERROR_RESPONSE = "smb2_error_response";

  /** A WRITE/READ/IOCTL on a FileId whose CREATE was not seen: reported without a name. */
  public static final String SMB2_UNKNOWN_FILE_ID = "smb2_unknown_file_id";

  /** The oldest entry of a full table dropped ({@link PcapLimits#MAX_TABLE_ENTRIES}). */
  public static final String STATE_EVICTED = "state_evicted";

  /** A share path or file name cut at {@link PcapLimits#MAX_NAME_CHARS}. */
  public static final String NAME_TRUNCATED = "name_truncated";

  private PcapReasons() {}
}
