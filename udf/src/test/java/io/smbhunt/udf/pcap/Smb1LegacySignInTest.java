package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SmbProtocols;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An SMB1 sign-in without SPNEGO, as clients of the Windows XP era make it, recorded by {@code
 * tools/samba_capture.sh ... legacy} (samples/README.md): the account name travels in clear in the
 * 13-word SESSION_SETUP_ANDX request (tshark: frame 8, account {@code pgustavo}), before the server
 * has given the session its UID (frame 9: 30860). The session's records still name it.
 */
class Smb1LegacySignInTest {

  static final Path CAPTURE = Path.of("../samples/samba-lab/smb1_legacy_signin.pcap");

  private static final String IPC = "\\\\172.18.39.9\\IPC$";
  private static final String C = "\\\\172.18.39.9\\C$";

  @Test
  void theClearTextAccountNameIsTheUserOfTheSessionsRecords() {
    PcapDecodeCounters counters = new PcapDecodeCounters();
    List<FlowRecord> records = Captures.decode(CAPTURE, "legacy.pcap", counters);

    assertThat(records)
        .extracting(f -> f.line, f -> f.protocol, f -> f.share, f -> f.fileName, f -> f.user)
        .containsExactly(
            tuple(11L, SmbProtocols.TREE_CONNECT, IPC, null, "pgustavo"),
            tuple(17L, SmbProtocols.TREE_CONNECT, C, null, "pgustavo"),
            tuple(19L, SmbProtocols.CREATE, C, "legacy.bat", "pgustavo"),
            tuple(20L, SmbProtocols.WRITE, C, "legacy.bat", "pgustavo"));
    assertThat(records.get(3).size).isEqualTo(3_000L);
    assertThat(records)
        .containsExactlyElementsOf(
            TsharkSmb1Oracle.expected(TsharkSmb1Oracle.LEGACY, "legacy.pcap"));
  }
}
