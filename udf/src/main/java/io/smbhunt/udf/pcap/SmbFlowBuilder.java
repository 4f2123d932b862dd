package io.smbhunt.udf.pcap;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.PipeNames;
import io.smbhunt.udf.flow.SmbProtocols;

/**
 * Turns one decoded SMB operation into a {@link FlowRecord}. Source and destination are always
 * client and server, whichever way the message that completed the operation travelled (a CREATE is
 * reported on its response, which the server sent): the CAR analytics select on the destination
 * port being 445.
 */
final class SmbFlowBuilder {

  /** {@link FlowRecord#sensor} of every record decoded from a capture. */
  static final String SENSOR = "pcap";

  private SmbFlowBuilder() {}

  /**
   * Which direction is the client's, decided once per connection: the side talking to port 445/139;
   * else the side that sent the SYN; else the side that sent requests.
   */
  static int clientDirection(Smb2ConnectionState st, SmbMessage m, boolean response) {
    if (st.clientDirection >= 0) {
      return st.clientDirection;
    }
    boolean srcServer = SmbStreams.isSmbPort(m.srcPort);
    boolean dstServer = SmbStreams.isSmbPort(m.dstPort);
    int client;
    if (dstServer && !srcServer) {
      client = m.direction;
    } else if (srcServer && !dstServer) {
      client = 1 - m.direction;
    } else if (m.clientDirection >= 0) {
      client = m.clientDirection;
    } else {
      client = response ? 1 - m.direction : m.direction;
    }
    st.clientDirection = client;
    return client;
  }

  /** One operation's facts, gathered by the decoders. */
  static final class Op {
    String protocol;
    String action;
    String share;
    int shareType;
    String name;
    boolean pipe;
    Long size;
    long sessionId;
    long messageId;
  }

  /** The record of a tree connect (SMB1 or SMB2): the share it mapped and its type. */
  static Op treeConnect(String action, Smb2Tree tree, long sessionId, long messageId) {
    Op op = new Op();
    op.protocol = SmbProtocols.TREE_CONNECT;
    op.action = action;
    op.share = tree.share;
    op.shareType = tree.shareType;
    op.sessionId = sessionId;
    op.messageId = messageId;
    return op;
  }

  static SmbFlow build(Smb2ConnectionState st, SmbMessage m, Op op) {
    FlowRecord f = new FlowRecord();
    f.source = m.source;
    f.line = m.packetIndex;
    f.timestamp = Math.floorDiv(m.timestampMicros, 1000L);
    boolean fromClient = m.direction == st.clientDirection;
    f.srcIp = fromClient ? m.srcIp : m.dstIp;
    f.srcPort = fromClient ? m.srcPort : m.dstPort;
    f.dstIp = fromClient ? m.dstIp : m.srcIp;
    f.dstPort = fromClient ? m.dstPort : m.srcPort;
    f.protocol = op.protocol;
    f.share = op.share;
    f.shareType = SmbNames.shareTypeName(op.shareType);
    if (!SmbProtocols.TREE_CONNECT.equals(op.protocol)) {
      if (op.pipe) {
        f.pipeNameRaw = op.name;
        f.pipeName = SmbNames.normalizePipe(op.name);
      } else {
        f.fileName = PipeNames.shareRelative(op.name);
      }
    }
    f.size = op.size;
    f.sensor = SENSOR;
    f.connectionId = m.connectionKey;
    f.action = op.action;
    f.user = Smb2Tables.userOf(st, op.sessionId);
    return new SmbFlow(f, SmbDedupKey.of(m.connectionKey, op.sessionId, op.messageId, op.action));
  }
}
