package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.udf.flow.FlowRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SMB1 commands decoded where cheap: tree connect, NT create, writes, pipe transactions. */
class Smb1DecoderTest {

  private static final int UID = 0x800;
  private static final int PID = 0xfeff;

  private final Smb2ConnectionState state = new Smb2ConnectionState();
  private final PcapDecodeCounters counters = new PcapDecodeCounters();
  private final List<SmbFlow> flows = new ArrayList<>();
  private long packet;

  private static ByteBuffer smb(int command, boolean response, int tid, int mid) {
    ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0xff).put((byte) 'S').put((byte) 'M').put((byte) 'B').put((byte) command);
    b.putInt(0).put((byte) (response ? 0x98 : 0x18)).putShort((short) 0xc807);
    b.putShort((short) 0).put(new byte[8]).putShort((short) 0);
    b.putShort((short) tid).putShort((short) PID).putShort((short) UID).putShort((short) mid);
    return b;
  }

  private static byte[] done(ByteBuffer b) {
    byte[] out = new byte[b.position()];
    System.arraycopy(b.array(), 0, out, 0, out.length);
    return out;
  }

  private static void utf16z(ByteBuffer b, String s) {
    if ((b.position() & 1) != 0) {
      b.put((byte) 0);
    }
    b.put(s.getBytes(StandardCharsets.UTF_16LE)).putShort((short) 0);
  }

  private static byte[] treeConnect(int mid, String path) {
    ByteBuffer b = smb(0x75, false, 0xffff, mid);
    b.put((byte) 4).put((byte) 0xff).put((byte) 0).putShort((short) 0);
    b.putShort((short) 0).putShort((short) 1);
    int count = b.position();
    b.putShort((short) 0).put((byte) 0);
    utf16z(b, path);
    b.put("?????\0".getBytes(StandardCharsets.US_ASCII));
    b.putShort(count, (short) (b.position() - count - 2));
    return done(b);
  }

  private static byte[] treeConnected(int mid, int tid, String service) {
    ByteBuffer b = smb(0x75, true, tid, mid);
    b.put((byte) 3).put((byte) 0xff).put((byte) 0).putShort((short) 0).putShort((short) 1);
    byte[] s = (service + "\0").getBytes(StandardCharsets.US_ASCII);
    b.putShort((short) s.length).put(s);
    return done(b);
  }

  private static byte[] ntCreate(int mid, int tid, String name) {
    ByteBuffer b = smb(0xa2, false, tid, mid);
    byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
    b.put((byte) 24).put((byte) 0xff).put((byte) 0).putShort((short) 0);
    b.put((byte) 0).putShort((short) n.length).put(new byte[41]);
    b.putShort((short) (n.length + 1)).put((byte) 0).put(n);
    return done(b);
  }

  private static byte[] ntCreated(int mid, int tid, int fid) {
    ByteBuffer b = smb(0xa2, true, tid, mid);
    b.put((byte) 34).put((byte) 0xff).put((byte) 0).putShort((short) 0);
    b.put((byte) 0).putShort((short) fid).put(new byte[61]).putShort((short) 0);
    return done(b);
  }

  private static byte[] writeAndX(int mid, int tid, int fid, int length) {
    ByteBuffer b = smb(0x2f, false, tid, mid);
    b.put((byte) 14).put((byte) 0xff).put((byte) 0).putShort((short) 0);
    b.putShort((short) fid).putInt(0).putInt(0).putShort((short) 0).putShort((short) 0);
    b.putShort((short) (length >>> 16)).putShort((short) length).putShort((short) 64).putInt(0);
    b.putShort((short) 0);
    return done(b);
  }

  private static byte[] transactNmPipe(int mid, int tid, int fid, int data) {
    ByteBuffer b = smb(0x25, false, tid, mid);
    b.put((byte) 16).putShort((short) 0).putShort((short) data).putShort((short) 0);
    b.putShort((short) 1024).put((byte) 0).put((byte) 0).putShort((short) 0).putInt(0);
    b.putShort((short) 0).putShort((short) 0).putShort((short) 84).putShort((short) data);
    b.putShort((short) 84).put((byte) 2).put((byte) 0).putShort((short) 0x26).putShort((short) fid);
    b.putShort((short) (data + 8));
    b.put("\\PIPE\\\0\0".getBytes(StandardCharsets.US_ASCII)).put(new byte[data]);
    return done(b);
  }

  private void client(byte[] smb) {
    SmbMessageDecoder.decode(state, Smb2Builder.smbMessage(smb, 0, ++packet), counters, flows);
  }

  private void server(byte[] smb) {
    SmbMessageDecoder.decode(state, Smb2Builder.smbMessage(smb, 1, ++packet), counters, flows);
  }

  @Test
  void psexecStyleSessionDecodes() {
    client(treeConnect(1, "\\\\SRV\\IPC$"));
    server(treeConnected(1, 0x801, "IPC"));
    client(ntCreate(2, 0x801, "\\svcctl"));
    server(ntCreated(2, 0x801, 0x4000));
    client(transactNmPipe(3, 0x801, 0x4000, 116));
    client(writeAndX(4, 0x801, 0x4000, 72));
    client(treeConnect(5, "\\\\SRV\\ADMIN$"));
    server(treeConnected(5, 0x802, "A:"));
    client(ntCreate(6, 0x802, "\\PSEXESVC.exe"));
    server(ntCreated(6, 0x802, 0x4001));
    client(writeAndX(7, 0x802, 0x4001, 70_000));

    List<String> summary = new ArrayList<>();
    for (SmbFlow f : flows) {
      FlowRecord r = f.record;
      summary.add(
          r.action
              + " "
              + r.protocol
              + " "
              + (r.pipeName != null ? r.pipeName : r.fileName != null ? r.fileName : r.share)
              + " "
              + r.size);
    }
    assertThat(summary)
        .containsExactly(
            "SMB1_TREE_CONNECT_ANDX smb.tree_connect \\\\SRV\\IPC$ null",
            "SMB1_NT_CREATE_ANDX smb.create_pipe svcctl null",
            "SMB1_TRANSACTION smb.write_pipe svcctl 116",
            "SMB1_WRITE_ANDX smb.write_pipe svcctl 72",
            "SMB1_TREE_CONNECT_ANDX smb.tree_connect \\\\SRV\\ADMIN$ null",
            "SMB1_NT_CREATE_ANDX smb.create PSEXESVC.exe null",
            "SMB1_WRITE_ANDX smb.write PSEXESVC.exe 70000");
    assertThat(flows.get(1).record.pipeNameRaw).isEqualTo("\\svcctl");
    assertThat(flows.get(1).record.shareType).isEqualTo("PIPE");
    assertThat(flows.get(6).dedupKey)
        .isEqualTo(Smb2Builder.KEY + "|800|" + ((long) PID << 16 | 7) + "|SMB1_WRITE_ANDX");
    assertThat(counters.asMap()).doesNotContainKey(PcapReasons.SMB1_NOT_DECODED);
  }

  @Test
  void anAndXChainIsFollowed() {
    // SESSION_SETUP_ANDX (12 words) chained to TREE_CONNECT_ANDX.
    byte[] tree = treeConnect(1, "\\\\SRV\\C$");
    ByteBuffer b = smb(0x73, false, 0xffff, 1);
    // One byte of padding keeps the chained command at an even offset, as Unicode needs.
    int next = 32 + 1 + 24 + 2 + 1;
    b.put((byte) 12).put((byte) 0x75).put((byte) 0).putShort((short) next).put(new byte[20]);
    b.putShort((short) 1).put((byte) 0);
    b.put(tree, 32, tree.length - 32);
    client(done(b));
    server(treeConnected(1, 0x805, "A:"));

    assertThat(flows).hasSize(1);
    assertThat(flows.get(0).record.share).isEqualTo("\\\\SRV\\C$");
    assertThat(flows.get(0).record.shareType).isEqualTo("DISK");
  }

  @Test
  void otherCommandsAreCountedNotDecoded() {
    client(done(smb(0x32, false, 1, 1).put((byte) 0).putShort((short) 0))); // TRANSACTION2
    client(done(smb(0x72, false, 0, 0).put((byte) 0).putShort((short) 0))); // NEGOTIATE

    assertThat(flows).isEmpty();
    assertThat(counters.get(PcapReasons.SMB1_NOT_DECODED)).isEqualTo(1);
  }
}
