package io.smbhunt.udf.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipeNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "\\PIPE\\atsvc | atsvc",
        "\\pipe\\ntsvcs | ntsvcs",
        "\\svcctl | svcctl",
        "PIPE\\winreg | winreg",
        "pipe\\lsarpc | lsarpc",
        "\\\\pipe\\\\samr | samr",
        "spoolss | spoolss",
        "MsFteWds | msftewds",
        "RemCom_communicaton | remcom_communicaton",
        "\\PSEXESVC-HOST-1234-stdin | psexesvc-host-1234-stdin",
        "\\pipe | pipe",
        "pipeline | pipeline",
        "\\PIPE\\ | NULL",
        "\\ | NULL",
        "'' | NULL",
      })
  void normalizes(String raw, String expected) {
    assertThat(PipeNames.normalize(raw)).isEqualTo(expected);
  }

  @Test
  void nullStaysNull() {
    assertThat(PipeNames.normalize(null)).isNull();
  }

  @ParameterizedTest(name = "{0} is IPC$: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\\\\10.47.8.19\\IPC$ | true",
        "\\\\host\\ipc$ | true",
        "IPC$ | true",
        "\\\\host\\C$ | false",
        "\\\\host\\NOTIPC$ | false",
        "\\\\host\\ADMIN$ | false",
      })
  void recognisesTheIpcShare(String share, boolean ipc) {
    assertThat(PipeNames.isIpcShare(share)).isEqualTo(ipc);
  }
}
