package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowTestFiles.FIXTURES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.smbhunt.udf.flow.FlowDecodeResult.Kind;
import io.smbhunt.udf.flow.FlowTestFiles.Decoded;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CAR flow form, as the CAR-2013-05-003 / CAR-2014-03-001 pseudocode reads it. */
class CarFlowDecoderTest {

  @Test
  void decodesTheCarFlowForm() throws IOException {
    List<Decoded> decoded = FlowTestFiles.decode(FIXTURES.resolve("car/car-flow.json"));
    assertThat(decoded).hasSize(8);
    assertThat(decoded.get(3).kind()).isEqualTo(Kind.NOT_RELEVANT); // protocol http
    assertThat(FlowTestFiles.flows(decoded))
        .extracting(
            f -> f.line,
            f -> f.timestamp,
            f -> f.srcPort,
            f -> f.dstPort,
            f -> f.protocol,
            f -> f.fileName,
            f -> f.pipeName,
            f -> f.pipeNameRaw,
            f -> f.share)
        .containsExactly(
            tuple(
                1L,
                millis("2024-04-01T09:20:00.250Z"),
                49812,
                445,
                "smb.write",
                "\\\\10.0.0.5\\C$\\Windows\\Temp\\evil.exe",
                null,
                null,
                null),
            tuple(
                2L,
                1711963201500L,
                49813,
                445,
                "smb.write_pipe",
                null,
                "winreg",
                "\\PIPE\\winreg",
                null),
            tuple(
                3L,
                millis("2024-04-01T09:20:02Z"),
                null,
                445,
                "smb.write_pipe",
                null,
                "atsvc",
                "atsvc",
                "\\\\10.0.0.5\\IPC$"),
            tuple(
                5L,
                millis("2024-04-01T09:20:04Z"),
                50001,
                445,
                "smb.write",
                "payload.exe",
                null,
                null,
                null),
            tuple(
                6L,
                millis("2024-04-01T09:20:05Z"),
                50002,
                445,
                "smb.other",
                null,
                null,
                null,
                null),
            tuple(
                7L,
                millis("2024-04-01T09:20:06Z"),
                50003,
                445,
                "smb.write",
                "flattened.exe",
                null,
                null,
                null),
            tuple(
                8L,
                1711963207000L,
                50004,
                445,
                "smb.write_pipe",
                null,
                "lsarpc",
                "\\lsarpc",
                null));
    FlowRecord first = decoded.get(0).flow();
    assertThat(first.sensor).isEqualTo("car");
    assertThat(first.srcIp).isEqualTo("10.0.0.9");
    assertThat(first.dstIp).isEqualTo("10.0.0.5");
    assertThat(first.action).isNull();
    assertThat(first.connectionId).isNull();
  }

  private static long millis(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }
}
