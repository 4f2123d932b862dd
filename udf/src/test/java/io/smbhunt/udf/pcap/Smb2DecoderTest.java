package io.smbhunt.udf.pcap;

import static io.smbhunt.udf.pcap.Smb2Builder.SESSION;
import static io.smbhunt.udf.pcap.Smb2Builder.closeRequest;
import static io.smbhunt.udf.pcap.Smb2Builder.compound;
import static io.smbhunt.udf.pcap.Smb2Builder.createRequest;
import static io.smbhunt.udf.pcap.Smb2Builder.createResponse;
import static io.smbhunt.udf.pcap.Smb2Builder.ioctlRequest;
import static io.smbhunt.udf.pcap.Smb2Builder.readRequest;
import static io.smbhunt.udf.pcap.Smb2Builder.related;
import static io.smbhunt.udf.pcap.Smb2Builder.treeConnectRequest;
import static io.smbhunt.udf.pcap.Smb2Builder.treeConnectResponse;
import static io.smbhunt.udf.pcap.Smb2Builder.treeDisconnect;
import static io.smbhunt.udf.pcap.Smb2Builder.withFlags;
import static io.smbhunt.udf.pcap.Smb2Builder.writeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SmbProtocols;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SMB2 semantics on synthetic messages: pipes, compounds, forgetting, failures, bounds. */
class Smb2DecoderTest {

  private static final long IPC = 1;
  private static final long DISK = 5;
  private static final long STATUS_PENDING = 0x103;
  private static final long STATUS_NOT_FOUND = 0xC0000034L;

  private final Smb2ConnectionState state = new Smb2ConnectionState();
  private final PcapDecodeCounters counters = new PcapDecodeCounters();
  private final List<SmbFlow> flows = new ArrayList<>();
  private long packet;

  private void client(byte[] smb) {
    SmbMessageDecoder.decode(state, Smb2Builder.smbMessage(smb, 0, ++packet), counters, flows);
  }

  private void server(byte[] smb) {
    SmbMessageDecoder.decode(state, Smb2Builder.smbMessage(smb, 1, ++packet), counters, flows);
  }

  private void connectTrees() {
    client(treeConnectRequest(1, "\\\\srv\\IPC$"));
    server(treeConnectResponse(1, IPC, 2, 0));
    client(treeConnectRequest(2, "\\\\srv\\ADMIN$"));
    server(treeConnectResponse(2, DISK, 1, 0));
  }

  private void open(long messageId, long tree, String name, long fileId) {
    client(createRequest(messageId, tree, name));
    server(createResponse(messageId, tree, fileId, fileId + 1, 0));
  }

  private FlowRecord last() {
    return flows.get(flows.size() - 1).record;
  }

  @Test
  void pipeTransceiveIsAPipeWriteNamedByItsCreate() {
    connectTrees();
    open(3, IPC, "svcctl", 0x40);
    client(ioctlRequest(4, IPC, 0x0011C017L, 0x40, 0x41, 160));

    FlowRecord r = last();
    assertThat(r.protocol).isEqualTo(SmbProtocols.WRITE_PIPE);
    assertThat(r.action).isEqualTo("SMB2_IOCTL");
    assertThat(r.pipeName).isEqualTo("svcctl");
    assertThat(r.pipeNameRaw).isEqualTo("svcctl");
    assertThat(r.fileName).isNull();
    assertThat(r.share).isEqualTo("\\\\srv\\IPC$");
    assertThat(r.shareType).isEqualTo("PIPE");
    assertThat(r.size).isEqualTo(160);
    assertThat(r.srcIp).isEqualTo(Smb2Builder.CLIENT);
    assertThat(r.dstPort).isEqualTo(445);
    assertThat(flows.get(flows.size() - 1).dedupKey)
        .isEqualTo(Smb2Builder.KEY + "|1c0000000015|4|SMB2_IOCTL");
  }

  @Test
  void otherIoctlsAreNotReported() {
    connectTrees();
    client(ioctlRequest(3, IPC, 0x001401FCL, -1, -1, 0)); // FSCTL_QUERY_NETWORK_INTERFACE_INFO

    assertThat(flows).hasSize(2);
    assertThat(counters.asMap()).doesNotContainKey(PcapReasons.SMB2_UNKNOWN_FILE_ID);
  }

  @Test
  void createsWritesAndReadsOnPipesAndDisks() {
    connectTrees();
    open(3, IPC, "\\PIPE\\atsvc", 0x10);
    open(4, DISK, "Temp\\x.exe", 0x20);
    client(writeRequest(5, IPC, 0x10, 0x11, 72, 72));
    client(readRequest(6, IPC, 0x10, 0x11, 1024));
    client(writeRequest(7, DISK, 0x20, 0x21, 4096, 16));
    client(readRequest(8, DISK, 0x20, 0x21, 512));

    assertThat(flows)
        .extracting(f -> f.record.protocol + " " + f.record.pipeName + " " + f.record.fileName)
        .containsExactly(
            "smb.tree_connect null null",
            "smb.tree_connect null null",
            "smb.create_pipe atsvc null",
            "smb.create null Temp\\x.exe",
            "smb.write_pipe atsvc null",
            "smb.read_pipe atsvc null",
            "smb.write null Temp\\x.exe",
            "smb.read null Temp\\x.exe");
    assertThat(flows.get(2).record.pipeNameRaw).isEqualTo("\\PIPE\\atsvc");
    assertThat(flows.get(6).record.size).isEqualTo(4096);
    // Reported on the response, the create's client→server direction stays.
    assertThat(flows.get(3).record.srcIp).isEqualTo(Smb2Builder.CLIENT);
    assertThat(flows.get(3).record.line).isEqualTo(8);
  }

  @Test
  void compoundCreateWriteCloseResolvesTheRelatedFileIdAndForgetsIt() {
    connectTrees();
    client(
        compound(
            createRequest(3, DISK, "drop.bat"),
            related(writeRequest(4, DISK, -1, -1, 33, 33)),
            related(closeRequest(5, DISK, -1, -1))));
    server(compound(createResponse(3, DISK, 0x70, 0x71, 0)));

    assertThat(flows)
        .extracting(f -> f.record.protocol + " " + f.record.fileName + " " + f.record.line)
        .containsExactly(
            "smb.tree_connect null 2",
            "smb.tree_connect null 4",
            "smb.write drop.bat 5",
            "smb.create drop.bat 6");
    assertThat(state.fileCount).isZero(); // closed in the same chain
  }

  @Test
  void relatedOperationsAfterAKnownFileIdUseIt() {
    connectTrees();
    open(3, DISK, "a.txt", 0x30);
    client(
        compound(
            writeRequest(4, DISK, 0x30, 0x31, 5, 5), related(readRequest(5, DISK, -1, -1, 9))));

    assertThat(flows.subList(3, 5))
        .extracting(f -> f.record.protocol + " " + f.record.fileName)
        .containsExactly("smb.write a.txt", "smb.read a.txt");
  }

  @Test
  void closeAndTreeDisconnectForget() {
    connectTrees();
    open(3, DISK, "a.txt", 0x30);
    open(4, DISK, "b.txt", 0x50);
    client(closeRequest(5, DISK, 0x30, 0x31));
    client(writeRequest(6, DISK, 0x30, 0x31, 1, 1));
    assertThat(last().fileName).isNull();
    assertThat(last().share).isEqualTo("\\\\srv\\ADMIN$");

    client(treeDisconnect(7, DISK));
    client(writeRequest(8, DISK, 0x50, 0x51, 1, 1));

    assertThat(last().fileName).isNull();
    assertThat(last().share).isNull();
    assertThat(counters.get(PcapReasons.SMB2_UNKNOWN_FILE_ID)).isEqualTo(2);
    assertThat(state.fileCount).isZero();
  }

  @Test
  void failedResponsesAreCountedAndNotReported() {
    connectTrees();
    client(createRequest(3, DISK, "missing.txt"));
    server(createResponse(3, DISK, 0, 0, STATUS_NOT_FOUND));
    client(treeConnectRequest(4, "\\\\srv\\nope"));
    server(treeConnectResponse(4, 0, 0, 0xC00000CCL));

    assertThat(flows).hasSize(2);
    assertThat(counters.get(PcapReasons.SMB2_ERROR_RESPONSE)).isEqualTo(2);
    assertThat(state.pendingCount).isZero();
  }

  @Test
  void anInterimPendingResponseWaitsForTheFinalOne() {
    connectTrees();
    client(createRequest(3, DISK, "slow.txt"));
    server(withFlags(createResponse(3, DISK, 0, 0, 0), 0x2, STATUS_PENDING));
    assertThat(flows).hasSize(2);
    server(withFlags(createResponse(3, DISK, 0x90, 0x91, 0), 0x2, 0));

    assertThat(last().fileName).isEqualTo("slow.txt");
  }

  @Test
  void aResponseWithoutItsRequestIsReportedWithoutName() {
    server(treeConnectResponse(9, 7, 1, 0));

    assertThat(last().protocol).isEqualTo(SmbProtocols.TREE_CONNECT);
    assertThat(last().share).isNull();
    assertThat(last().shareType).isEqualTo("DISK");
    assertThat(last().srcIp).isEqualTo(Smb2Builder.CLIENT);
    assertThat(counters.get(PcapReasons.SMB2_RESPONSE_WITHOUT_REQUEST)).isEqualTo(1);
  }

  @Test
  void tablesAreBoundedOldestFirst() {
    connectTrees();
    int opens = PcapLimits.MAX_TABLE_ENTRIES + 76;
    for (int i = 0; i < opens; i++) {
      open(10 + i, DISK, "f" + i, 0x1000 + 2L * i);
    }
    for (int i = 0; i < opens; i++) {
      client(createRequest(5000 + i, DISK, "never-answered-" + i));
    }

    assertThat(state.fileCount).isEqualTo(PcapLimits.MAX_TABLE_ENTRIES);
    assertThat(state.pendingCount).isEqualTo(PcapLimits.MAX_TABLE_ENTRIES);
    assertThat(state.files[0].name).isEqualTo("f76");
    assertThat(counters.get(PcapReasons.STATE_EVICTED)).isEqualTo(2 * 76);
  }

  @Test
  void encryptedAndCompressedMessagesAreCounted() {
    byte[] transform = new byte[52 + 64];
    transform[0] = (byte) 0xfd;
    transform[1] = 'S';
    transform[2] = 'M';
    transform[3] = 'B';
    client(transform);
    byte[] compressed = transform.clone();
    compressed[0] = (byte) 0xfc;
    client(compressed);

    assertThat(flows).isEmpty();
    assertThat(counters.get(PcapReasons.SMB3_ENCRYPTED)).isEqualTo(1);
    assertThat(counters.get(PcapReasons.SMB3_COMPRESSED)).isEqualTo(1);
  }

  @Test
  void aNewGenerationDropsTheOldTables() {
    connectTrees();
    open(3, DISK, "a.txt", 0x30);
    SmbMessage m = Smb2Builder.smbMessage(writeRequest(4, DISK, 0x30, 0x31, 1, 1), 0, 99);
    m.generation = 1;
    SmbMessageDecoder.decode(state, m, counters, flows);

    assertThat(last().fileName).isNull();
    assertThat(state.generation).isEqualTo(1);
  }

  @Test
  void dedupKeyIsConnectionSessionMessageCommand() {
    assertThat(SmbDedupKey.of("a:1-b:445", SESSION, 13, "SMB2_WRITE"))
        .isEqualTo("a:1-b:445|1c0000000015|13|SMB2_WRITE");
  }
}
