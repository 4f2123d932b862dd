package io.smbhunt.udf.flow;

import java.util.Objects;

/**
 * One SMB network record — whatever sensor logged it — in the CAR flow model the SMB analytics
 * read: who talked to whom ({@code src}/{@code dst}), what was done ({@link #protocol}, one of
 * {@link SmbProtocols}) and on what ({@code proto_info}: file, pipe, share).
 *
 * <p>A Flink POJO (public fields, public no-arg constructor) so it is serialised without Kryo.
 * Every text field is {@code null} when the sensor did not log it; nothing is invented. Fields that
 * exist only for evidence ({@link #source}, {@link #line}, {@link #action}, {@link #connectionId})
 * let a hunter pull the raw record back.
 */
public class FlowRecord {

  /** The file the record was read from (for evidence). */
  public String source;

  /** 1-based line number inside {@link #source}. */
  public long line;

  /** When the operation happened, epoch milliseconds UTC (microseconds are cut, not rounded). */
  public long timestamp;

  /** The client (Zeek {@code id.orig_h}, Suricata/CAR {@code src_ip}). */
  public String srcIp;

  public Integer srcPort;

  /** The server (Zeek {@code id.resp_h}, Suricata/CAR {@code dest_ip}). */
  public String dstIp;

  /** The server port; the CAR analytics keep only 445. */
  public Integer dstPort;

  /** One of the {@link SmbProtocols} constants. */
  public String protocol;

  /**
   * The file the operation touched, with its share when the sensor logged one ({@code
   * \\10.47.21.82\ADMIN$\Temp\x.tmp}); {@code null} for pipe operations.
   */
  public String fileName;

  /**
   * The named pipe, normalised by {@link PipeNames#normalize}: {@code \PIPE\atsvc} → {@code atsvc},
   * {@code \svcctl} → {@code svcctl}; {@code null} for file operations.
   */
  public String pipeName;

  /** The pipe name exactly as the sensor gave it. */
  public String pipeNameRaw;

  /** The share (tree) path as logged, e.g. {@code \\10.47.21.82\ADMIN$}. */
  public String share;

  /** The share type as the sensor gave it (Zeek DISK/PIPE/PRINT, Suricata FILE/PIPE/PRINT). */
  public String shareType;

  /** File size in bytes where logged (Zeek smb_files {@code size}). */
  public Long size;

  /** {@code zeek}, {@code suricata}, {@code pcap} (a capture, decoded here) or {@code car}. */
  public String sensor;

  public static final String SENSOR_ZEEK = "zeek";
  public static final String SENSOR_SURICATA = "suricata";

  /** Zeek {@code uid} or Suricata {@code flow_id} as text: joins records of one connection. */
  public String connectionId;

  /** The RPC interface (Zeek {@code endpoint}, e.g. {@code svcctl}). */
  public String rpcEndpoint;

  /** The RPC operation (Zeek {@code operation}, e.g. {@code CreateServiceW}; Suricata opnum). */
  public String rpcOperation;

  /** The sensor's own action or command text, e.g. {@code SMB::FILE_OPEN}. */
  public String action;

  /**
   * The account the SMB session signed in as, where the sensor saw it: the user name of the
   * session's NTLM authentication (captures, Suricata's {@code ntlmssp}), without its domain, as
   * host events name a user. {@code null} for Kerberos sessions and for sensors that log it
   * elsewhere (Zeek's {@code ntlm.log}).
   */
  public String user;

  /**
   * A Suricata record's facts that its flow's other records complete (its share, user, pipe,
   * protocol): set by the decoder, cleared by {@link SuricataFlow#resolve}, which fills those
   * fields; {@code null} for every other sensor. Until then {@link #protocol} is {@code null}.
   */
  public SuricataFacts suricata;

  public FlowRecord() {}

  /** A copy of every field (the Suricata facts shared: they are not changed once decoded). */
  public FlowRecord copy() {
    FlowRecord c = new FlowRecord();
    c.source = source;
    c.line = line;
    c.timestamp = timestamp;
    c.srcIp = srcIp;
    c.srcPort = srcPort;
    c.dstIp = dstIp;
    c.dstPort = dstPort;
    c.protocol = protocol;
    c.fileName = fileName;
    c.pipeName = pipeName;
    c.pipeNameRaw = pipeNameRaw;
    c.share = share;
    c.shareType = shareType;
    c.size = size;
    c.sensor = sensor;
    c.connectionId = connectionId;
    c.rpcEndpoint = rpcEndpoint;
    c.rpcOperation = rpcOperation;
    c.action = action;
    c.user = user;
    c.suricata = suricata;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FlowRecord)) {
      return false;
    }
    FlowRecord r = (FlowRecord) o;
    return line == r.line
        && timestamp == r.timestamp
        && Objects.equals(source, r.source)
        && Objects.equals(srcIp, r.srcIp)
        && Objects.equals(srcPort, r.srcPort)
        && Objects.equals(dstIp, r.dstIp)
        && Objects.equals(dstPort, r.dstPort)
        && Objects.equals(protocol, r.protocol)
        && Objects.equals(fileName, r.fileName)
        && Objects.equals(pipeName, r.pipeName)
        && Objects.equals(pipeNameRaw, r.pipeNameRaw)
        && Objects.equals(share, r.share)
        && Objects.equals(shareType, r.shareType)
        && Objects.equals(size, r.size)
        && Objects.equals(sensor, r.sensor)
        && Objects.equals(connectionId, r.connectionId)
        && Objects.equals(rpcEndpoint, r.rpcEndpoint)
        && Objects.equals(rpcOperation, r.rpcOperation)
        && Objects.equals(action, r.action)
        && Objects.equals(user, r.user)
        && Objects.equals(suricata, r.suricata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        source,
        line,
        timestamp,
        srcIp,
        srcPort,
        dstIp,
        dstPort,
        protocol,
        fileName,
        pipeName,
        pipeNameRaw,
        share,
        shareType,
        size,
        sensor,
        connectionId,
        rpcEndpoint,
        rpcOperation,
        action,
        user,
        suricata);
  }

  @Override
  public String toString() {
    return "FlowRecord{source="
        + source
        + ", line="
        + line
        + ", timestamp="
        + timestamp
        + ", srcIp="
        + srcIp
        + ", srcPort="
        + srcPort
        + ", dstIp="
        + dstIp
        + ", dstPort="
        + dstPort
        + ", protocol="
        + protocol
        + ", fileName="
        + fileName
        + ", pipeName="
        + pipeName
        + ", pipeNameRaw="
        + pipeNameRaw
        + ", share="
        + share
        + ", shareType="
        + shareType
        + ", size="
        + size
        + ", sensor="
        + sensor
        + ", connectionId="
        + connectionId
        + ", rpcEndpoint="
        + rpcEndpoint
        + ", rpcOperation="
        + rpcOperation
        + ", action="
        + action
        + ", user="
        + user
        + (suricata == null ? "" : ", suricata=" + suricata)
        + '}';
  }
}
