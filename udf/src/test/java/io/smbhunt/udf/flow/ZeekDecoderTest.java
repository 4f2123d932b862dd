package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowTestFiles.FIXTURES;
import static io.smbhunt.udf.flow.FlowTestFiles.decodeText;
import static io.smbhunt.udf.flow.FlowTestFiles.flows;
import static io.smbhunt.udf.flow.FlowTestFiles.withoutOrigin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.smbhunt.udf.flow.FlowDecodeResult.Kind;
import io.smbhunt.udf.flow.FlowTestFiles.Decoded;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zeek mapping rules and the details of both Zeek formats, on small made-up records. */
class ZeekDecoderTest {

  private static final String TSV_HEADER_FIELDS =
      "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tnamed_pipe\tendpoint"
          + "\toperation";

  @Test
  void mapsEverySmbFilesAction() throws IOException {
    List<Decoded> decoded = FlowTestFiles.decode(FIXTURES.resolve("zeek/smb_files-actions.json"));
    String admin = "\\\\10.0.0.5\\ADMIN$";
    String c = "\\\\10.0.0.5\\C$";
    assertThat(flows(decoded))
        .extracting(f -> f.protocol, f -> f.fileName, f -> f.pipeName, f -> f.pipeNameRaw)
        .containsExactly(
            tuple("smb.write", "Temp\\evil.exe", null, null),
            tuple("smb.write_pipe", null, "svcctl", "svcctl"), // FILE_WRITE on IPC$
            tuple("smb.write_pipe", null, "atsvc", "\\PIPE\\atsvc"),
            tuple("smb.read", "Users\\a\\secret.txt", null, null),
            tuple("smb.read_pipe", null, "winreg", "\\winreg"),
            tuple("smb.create_pipe", null, "lsarpc", "\\lsarpc"), // FILE_OPEN, no path
            tuple("smb.create_pipe", null, "samr", "\\pipe\\samr"),
            tuple("smb.create", "payload.exe", null, null), // \x at a disk share's root
            tuple("smb.delete", "payload.exe", null, null),
            tuple("smb.rename", "new.exe", null, null),
            tuple("smb.close", "new.exe", null, null),
            tuple("smb.close", null, "atsvc", "\\atsvc"),
            tuple("smb.other", "new.exe", null, null),
            tuple("smb.other", "job1", null, null),
            tuple("smb.write_pipe", null, "remcom_communicaton", "RemCom_communicaton"));
    FlowRecord write = decoded.get(0).flow();
    assertThat(write.size).isEqualTo(11776L);
    assertThat(write.share).isEqualTo(admin);
    assertThat(write.action).isEqualTo("SMB::FILE_WRITE");
    assertThat(write.timestamp).isEqualTo(Instant.parse("2024-04-01T09:00:00.123Z").toEpochMilli());
    // line 4 has ts as an epoch number, line 3 the nested {"id":{…}} form
    assertThat(decoded.get(3).flow().timestamp)
        .isEqualTo(Instant.parse("2024-04-01T09:00:21.123Z").toEpochMilli());
    assertThat(decoded.get(2).flow().srcPort).isEqualTo(50002);
    assertThat(decoded.get(1).flow().srcIp).isEqualTo("10.0.0.9"); // id_orig_h
  }

  /** The TSV copy writes backslashes both as {@code \\} and as {@code \x5c}. */
  @Test
  void theTsvCopyOfTheActionsDecodesTheSame() throws IOException {
    List<FlowRecord> json =
        flows(FlowTestFiles.decode(FIXTURES.resolve("zeek/smb_files-actions.json")));
    List<FlowRecord> tsv =
        flows(FlowTestFiles.decode(FIXTURES.resolve("zeek/smb_files-actions.log")));
    assertThat(tsv).hasSize(15);
    assertThat(tsv.stream().map(FlowTestFiles::withoutOrigin).toList())
        .isEqualTo(json.stream().map(FlowTestFiles::withoutOrigin).toList());
  }

  @Test
  void tsvUnsetEmptyAndEscapedValues() {
    List<Decoded> d =
        decodeText(
            FlowFormat.ZEEK_TSV,
            "rpc.log",
            "#separator \\x09",
            "#path\tdce_rpc",
            TSV_HEADER_FIELDS,
            "1521911754.5\tC1\t10.0.0.9\t1\t10.0.0.5\t445\t\\x5cPIPE\\x5cwinreg\t-\t(empty)",
            "1521911754.5\tC2\t10.0.0.9\t1\t10.0.0.5\t445\t\\x2d\twinreg\tx\\x09y",
            "1521911754.5\tC3\t10.0.0.9\t1\t10.0.0.5\t445\t\\xffpipe\twinreg\tBaseRegOpenKey",
            "1521911754.5\tC4\t10.0.0.9\t1\t10.0.0.5\t445\t\\xc3\\xa9t\\xc3\\xa9\twinreg\top",
            "1521911754.5\tC5\t10.0.0.9\t1\t10.0.0.5\t445\t-\twinreg\top",
            "1521911754.5\tC6\t10.0.0.9\t1\t10.0.0.5\t135\t-\twinreg\top",
            "#close\t2024-01-01-00-00-00");
    assertThat(d)
        .extracting(Decoded::kind)
        .containsExactly(
            Kind.NOT_RELEVANT,
            Kind.NOT_RELEVANT,
            Kind.NOT_RELEVANT,
            Kind.FLOW,
            Kind.FLOW,
            Kind.FLOW,
            Kind.FLOW,
            Kind.FLOW,
            Kind.NOT_RELEVANT, // no named_pipe and not an SMB port
            Kind.NOT_RELEVANT);
    assertThat(flows(d))
        .extracting(f -> f.pipeNameRaw, f -> f.pipeName, f -> f.rpcEndpoint, f -> f.rpcOperation)
        .containsExactly(
            tuple("\\PIPE\\winreg", "winreg", null, ""),
            tuple("-", "-", "winreg", "x\ty"), // \x2d is a literal dash, not "unset"
            tuple("\\xffpipe", "xffpipe", "winreg", "BaseRegOpenKey"), // as Zeek's JSON has it
            tuple("été", "été", "winreg", "op"),
            tuple(null, null, "winreg", "op")); // RPC on 445 with no pipe seen
    assertThat(flows(d).get(0).timestamp).isEqualTo(1521911754500L);
  }

  @Test
  void tsvLogComesFromPathThenFileNameThenFields() {
    String row = "1521911754.5\tC1\t10.0.0.9\t1\t10.0.0.5\t445\t\\\\pipe\\\\ntsvcs\tsvcctl\top";
    // no #path: the file name says dce_rpc
    assertThat(
            decodeText(
                FlowFormat.ZEEK_TSV, "dce_rpc.10:00:00-11:00:00.log", TSV_HEADER_FIELDS, row))
        .extracting(Decoded::kind)
        .containsExactly(Kind.NOT_RELEVANT, Kind.FLOW);
    // no #path, an unhelpful name: the endpoint/operation columns say dce_rpc
    assertThat(decodeText(FlowFormat.ZEEK_TSV, "x.log", TSV_HEADER_FIELDS, row).get(1).kind())
        .isEqualTo(Kind.FLOW);
    // #path names another log: its records are valid but not for us
    assertThat(
            decodeText(FlowFormat.ZEEK_TSV, "dce_rpc.log", "#path\tconn", TSV_HEADER_FIELDS, row)
                .get(2)
                .kind())
        .isEqualTo(Kind.NOT_RELEVANT);
    // nothing tells
    List<Decoded> unknown =
        decodeText(FlowFormat.ZEEK_TSV, "x.log", "#fields\tts\tid.orig_h", "1.0\t10.0.0.9");
    assertThat(unknown.get(1).reason()).isEqualTo("unknown_zeek_log");
  }

  @Test
  void concatenatedTsvLogsEachUseTheirOwnHeader() {
    List<Decoded> d =
        decodeText(
            FlowFormat.ZEEK_TSV,
            "all.log",
            "#separator \\x09",
            "#path\tsmb_mapping",
            "#fields\tts\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tpath\tshare_type",
            "1521911754.5\t10.0.0.9\t1\t10.0.0.5\t445\t\\\\\\\\h\\\\C$\tDISK",
            "#separator \\x2c",
            "#path,smb_files",
            "#fields,ts,id.orig_h,id.orig_p,id.resp_h,id.resp_p,action,path,name",
            "1521911755.5,10.0.0.9,1,10.0.0.5,445,SMB::FILE_WRITE,\\\\\\\\h\\\\C$,a\\x2cb.exe");
    assertThat(flows(d))
        .extracting(f -> f.protocol, f -> f.share, f -> f.fileName)
        .containsExactly(
            tuple("smb.tree_connect", "\\\\h\\C$", null),
            tuple("smb.write", "\\\\h\\C$", "a,b.exe"));
  }

  @Test
  void jsonLogComesFromPathThenFileNameThenFields() {
    String noPath =
        "{\"ts\":1521911754.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":1,"
            + "\"id.resp_h\":\"10.0.0.5\",\"id.resp_p\":445,\"path\":\"\\\\\\\\h\\\\C$\"}";
    // smb_mapping by file name (the record alone has no telling field)
    FlowRecord byName = flows(decodeText(FlowFormat.ZEEK_JSON, "smb_mapping.json", noPath)).get(0);
    assertThat(byName.protocol).isEqualTo(SmbProtocols.TREE_CONNECT);
    assertThat(byName.share).isEqualTo("\\\\h\\C$");
    assertThat(
            decodeText(FlowFormat.ZEEK_JSON, "json_streaming_smb_mapping.1.log", noPath)
                .get(0)
                .kind())
        .isEqualTo(Kind.FLOW);
    assertThat(decodeText(FlowFormat.ZEEK_JSON, "zeek.json", noPath).get(0).reason())
        .isEqualTo("unknown_zeek_log");
    String withAction = noPath.replace("}", ",\"action\":\"SMB::FILE_WRITE\",\"name\":\"x\"}");
    assertThat(flows(decodeText(FlowFormat.ZEEK_JSON, "zeek.json", withAction)).get(0).protocol)
        .isEqualTo(SmbProtocols.WRITE);
    String conn = "{\"_path\":\"conn\"," + noPath.substring(1);
    assertThat(decodeText(FlowFormat.ZEEK_JSON, "smb_mapping.json", conn).get(0).kind())
        .isEqualTo(Kind.NOT_RELEVANT);
  }

  @Test
  void dceRpcOverTcpIsNotRelevant() {
    String rpc =
        "{\"_path\":\"dce_rpc\",\"ts\":\"2018-03-24T17:15:25.396014Z\",\"uid\":\"C1\","
            + "\"id.orig_h\":\"10.164.94.120\",\"id.orig_p\":36643,\"id.resp_h\":\"10.47.3.151\","
            + "\"id.resp_p\":1030,\"named_pipe\":\"1030\",\"endpoint\":\"samr\"}";
    assertThat(decodeText(FlowFormat.ZEEK_JSON, "dce_rpc.json", rpc).get(0).kind())
        .isEqualTo(Kind.NOT_RELEVANT);
  }

  @Test
  void bothFormsOfOneRecordAreEqual() {
    FlowRecord fromJson =
        flows(
                decodeText(
                    FlowFormat.ZEEK_JSON,
                    "a.json",
                    "{\"_path\":\"dce_rpc\",\"ts\":\"2018-03-24T17:15:54.621588Z\",\"uid\":\"C6\","
                        + "\"id\":{\"orig_h\":\"10.128.0.214\",\"orig_p\":41717,"
                        + "\"resp_h\":\"10.47.8.142\",\"resp_p\":445},\"rtt\":0.0027,"
                        + "\"named_pipe\":\"\\\\pipe\\\\ntsvcs\",\"endpoint\":\"svcctl\","
                        + "\"operation\":\"OpenSCManagerW\"}"))
            .get(0);
    FlowRecord fromTsv =
        flows(
                decodeText(
                    FlowFormat.ZEEK_TSV,
                    "b.log",
                    "#path\tdce_rpc",
                    "#fields\tts\tuid\tid_orig_h\tid_orig_p\tid_resp_h\tid_resp_p\trtt\tnamed_pipe"
                        + "\tendpoint\toperation",
                    "1521911754.621588\tC6\t10.128.0.214\t41717\t10.47.8.142\t445\t0.0027"
                        + "\t\\\\pipe\\\\ntsvcs\tsvcctl\tOpenSCManagerW"))
            .get(0);
    assertThat(withoutOrigin(fromTsv)).isEqualTo(withoutOrigin(fromJson));
    assertThat(fromJson.pipeName).isEqualTo("ntsvcs");
  }
}
