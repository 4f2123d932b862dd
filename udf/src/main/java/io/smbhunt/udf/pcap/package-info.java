/**
 * SMB flow records from packet captures, as plain Java the Flink job wraps.
 *
 * <p>Zeek logs no SMB writes or pipe actions by default and Suricata skips writes to non-DCE/RPC
 * pipes, so for archived captures this package decodes SMB itself into the same {@link
 * io.smbhunt.udf.flow.FlowRecord} model (sensor {@code pcap}) the CAR analytics read.
 *
 * <h2>The path, and what the job calls</h2>
 *
 * <ol>
 *   <li>Per capture file (plain or decompressed by the source): {@link
 *       io.smbhunt.udf.pcap.PcapSegments#read} — or {@link io.smbhunt.udf.pcap.PcapReader} and
 *       {@link io.smbhunt.udf.pcap.PacketDecoder} directly — yields {@link
 *       io.smbhunt.udf.pcap.TcpSegment}s, counting every packet and every reason one is not used.
 *       The file is not splittable; many files read in parallel.
 *   <li>Keep segments with {@link io.smbhunt.udf.pcap.SmbStreams#isSmbPort} on either side (SMB on
 *       other ports is decoded too, at the cost of scanning every non-SMB stream for a header).
 *   <li>Key by {@link io.smbhunt.udf.pcap.TcpSegment#connectionKey}; per key, in event-time order
 *       (timestamp, then packet index), call {@link
 *       io.smbhunt.udf.pcap.SmbConnectionProcessor#onSegment} with the key's {@link
 *       io.smbhunt.udf.pcap.SmbConnectionState} (a Flink POJO kept in value state). When {@link
 *       io.smbhunt.udf.pcap.SmbStreamState#closed} is set, or on an idle timer ({@link
 *       io.smbhunt.udf.pcap.SmbStreamState#lastSeenMicros}), call {@link
 *       io.smbhunt.udf.pcap.SmbConnectionProcessor#close} and clear the state.
 *   <li>Each {@link io.smbhunt.udf.pcap.SmbFlow} carries its record and a {@link
 *       io.smbhunt.udf.pcap.SmbDedupKey}: keep the first record per key when two sensors captured
 *       the same flow.
 *   <li>Add up {@link io.smbhunt.udf.pcap.PcapDecodeCounters} (codes: {@link
 *       io.smbhunt.udf.pcap.PcapReasons}) into the manifest.
 * </ol>
 *
 * <h2>Records</h2>
 *
 * {@code srcIp/srcPort} is always the client, {@code dstIp/dstPort} the server (the side on port
 * 445/139, else the side that answered the SYN, else the side that sent responses). {@code line}
 * and {@code timestamp} are those of the packet that completed the SMB message, as tshark numbers a
 * reassembled PDU. Tree connects and creates are reported on their successful response (that is
 * when the TreeId/FileId exists), writes, reads and pipe transceives on their request. {@code
 * fileName} is relative to its share (as Windows' 5145 RelativeTargetName and the other sensors'
 * records), the share in its own field; pipes get {@code pipeName} (lower case, no {@code \}/{@code
 * \pipe\} prefix) and {@code pipeNameRaw}; {@code action} is the command ({@code SMB2_WRITE},
 * {@code SMB1_WRITE_ANDX}, …).
 *
 * <h2>Bounds</h2>
 *
 * {@link io.smbhunt.udf.pcap.PcapLimits}: 256 KiB per packet, 64 KiB kept per SMB message (the rest
 * of a large WRITE streams past), 256 KiB or 64 segments of out-of-order data per direction before
 * a hole is given up on, 1024 entries per table, 2048 characters per name. Nothing in this package
 * throws on malformed input; what cannot be decoded is counted.
 */
package io.smbhunt.udf.pcap;
