package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowTestFiles.FIXTURES;
import static io.smbhunt.udf.flow.FlowTestFiles.flows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.smbhunt.udf.flow.FlowDecodeResult.Kind;
import io.smbhunt.udf.flow.FlowTestFiles.Decoded;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Zeek and Bro output published by the Zeek project (its SMB log documentation of the 401trg
 * captures, and a 2016 test baseline), see {@code flow/README.md}: shapes the WRCCDC sample lacks.
 */
class ZeekPublishedLogsTest {

  private static final Path DOCS = FIXTURES.resolve("zeek/zeek-docs-401trg");

  @Test
  void aWellKnownPipeNamedWithoutBackslashOrShareIsAPipe() throws IOException {
    // at.exe's job: Zeek (with BZAR) logs the atsvc pipe as FILE_OPEN/FILE_WRITE, name "atsvc",
    // no path, and this write is its only trace (no dce_rpc.log). Zeek logs the write a second
    // time once the file analysis has given it an fuid: that record is the same write.
    List<Decoded> decoded = FlowTestFiles.decode(DOCS.resolve("at_schedule/smb_files.log"));
    assertThat(decoded)
        .extracting(Decoded::kind)
        .containsExactly(Kind.FLOW, Kind.FLOW, Kind.NOT_RELEVANT);
    assertThat(flows(decoded))
        .extracting(f -> f.protocol, f -> f.pipeName, f -> f.fileName, f -> f.dstPort)
        .containsExactly(
            tuple(SmbProtocols.CREATE_PIPE, "atsvc", null, 445),
            tuple(SmbProtocols.WRITE_PIPE, "atsvc", null, 445));
  }

  @Test
  void aLogExportedNewestFirstGivesTheSameFlows() throws IOException {
    Path log = DOCS.resolve("at_schedule/smb_files.log");
    List<byte[]> reversed = new ArrayList<>(FlowTestFiles.lines(log));
    Collections.reverse(reversed);
    List<FlowRecord> backwards =
        flows(
            FlowTestFiles.decode(
                FlowFileDecoder.forFormat(FlowFormat.ZEEK_JSON, "smb_files.log"),
                "smb_files.log",
                reversed));
    assertThat(backwards)
        .extracting(f -> f.protocol, f -> f.pipeName, f -> f.timestamp)
        .containsExactlyInAnyOrderElementsOf(
            flows(FlowTestFiles.decode(log)).stream()
                .map(f -> tuple(f.protocol, f.pipeName, f.timestamp))
                .toList());
  }

  @Test
  void onlyTheSecondLoggingOfTheSameActionWithItsFuidIsARepeat() {
    String open =
        "{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":1,"
            + "\"id.resp_h\":\"10.0.0.5\",\"id.resp_p\":445,\"action\":\"SMB::FILE_WRITE\","
            + "\"path\":\"\\\\\\\\h\\\\C$\",\"name\":\"a.exe\",\"size\":0}";
    String withFuid = open.replace("\"size\"", "\"fuid\":\"F1\",\"size\"");
    String otherConnection = withFuid.replace("\"C1\"", "\"C2\"");
    String otherSize = withFuid.replace("\"size\":0", "\"size\":9");
    assertThat(
            FlowTestFiles.decodeText(
                FlowFormat.ZEEK_JSON,
                "smb_files.log",
                open,
                otherConnection,
                otherSize,
                withFuid,
                withFuid))
        .extracting(Decoded::kind)
        .containsExactly(Kind.FLOW, Kind.FLOW, Kind.FLOW, Kind.NOT_RELEVANT, Kind.FLOW);
  }

  @Test
  void aBareNameThatIsNoKnownPipeStaysAFile() {
    // Zeek's smb2-read-write test logs the file pythonfile2 with no path.
    String row =
        "{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":1,"
            + "\"id.resp_h\":\"10.0.0.5\",\"id.resp_p\":445,\"action\":\"SMB::FILE_WRITE\","
            + "\"name\":\"pythonfile2\",\"size\":0}";
    assertThat(flows(FlowTestFiles.decodeText(FlowFormat.ZEEK_JSON, "smb_files.log", row)))
        .extracting(f -> f.protocol, f -> f.fileName, f -> f.pipeName)
        .containsExactly(tuple(SmbProtocols.WRITE, "pythonfile2", null));
  }

  @Test
  void psexecsUploadAndItsRpcOverTcp() throws IOException {
    assertThat(flows(FlowTestFiles.decode(DOCS.resolve("psexec/smb_files.log"))))
        .extracting(f -> f.protocol, f -> f.share, f -> f.fileName)
        .containsExactly(tuple(SmbProtocols.CREATE, "\\\\admin-pc\\ADMIN$", "PSEXESVC.exe"));
    assertThat(flows(FlowTestFiles.decode(DOCS.resolve("psexec/smb_mapping.log"))))
        .extracting(f -> f.share, f -> f.shareType)
        .containsExactly(
            tuple("\\\\admin-pc\\ADMIN$", "DISK"), tuple("\\\\admin-pc\\IPC$", "PIPE"));
    // The service control calls went to the endpoint mapper and a dynamic port, not over SMB.
    assertThat(FlowTestFiles.decode(DOCS.resolve("psexec/dce_rpc.log")))
        .extracting(Decoded::kind)
        .containsExactly(Kind.NOT_RELEVANT, Kind.NOT_RELEVANT);
  }

  @Test
  void netUsersSamrCallOverTheLsassPipe() throws IOException {
    assertThat(flows(FlowTestFiles.decode(DOCS.resolve("net_user/dce_rpc.log"))))
        .extracting(f -> f.protocol, f -> f.pipeName, f -> f.rpcEndpoint, f -> f.rpcOperation)
        .containsExactly(tuple(SmbProtocols.WRITE_PIPE, "lsass", "samr", "SamrConnect5"));
  }

  @Test
  void mimikatzCopiedToAnAdminShare() throws IOException {
    assertThat(flows(FlowTestFiles.decode(DOCS.resolve("mimikatz_copy_to_host/smb_files.log"))))
        .extracting(f -> f.protocol, f -> f.share, f -> f.fileName, f -> f.size)
        .containsExactly(
            tuple(SmbProtocols.CREATE, "\\\\admin-pc\\c$", "temp\\mimikatz.exe", 804352L),
            tuple(SmbProtocols.CREATE, "\\\\admin-pc\\c$", "temp", 0L));
  }

  @Test
  void brosUnknownOpenIsAnOpen() throws IOException {
    // Bro before 2.5 logged SMB::UNKNOWN_OPEN where it had not seen the share's type, in the
    // older column layout (no prev_name).
    assertThat(flows(FlowTestFiles.decode(FIXTURES.resolve("zeek/bro-2016-smb1/smb_files.log"))))
        .extracting(f -> f.protocol, f -> f.fileName, f -> f.srcIp, f -> f.dstPort)
        .containsExactly(
            tuple(SmbProtocols.CREATE, "", "192.168.1.78", 445),
            tuple(SmbProtocols.CREATE, "Test", "192.168.1.78", 445));
  }
}
