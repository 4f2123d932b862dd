package io.smbhunt.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.config.SmbHuntConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamedPipesTest {

  private final NamedPipes pipes = new SmbHuntConfig().namedPipes();

  @ParameterizedTest
  @CsvSource({
    "'\\PIPE\\atsvc', WATCHED",
    "ATSVC, WATCHED",
    "'\\pipe\\ntsvcs', KNOWN",
    "svcctl, WATCHED",
    "RemCom_communicaton, WATCHED",
    "PSEXESVC-WS6-1234-stdin, WATCHED",
    "PSEXESVC, WATCHED",
    "spoolss, ALLOWLISTED",
    "MsFteWds, ALLOWLISTED",
    "wkssvc, KNOWN",
    "'sql\\query', KNOWN",
    "'\\cobalt_status_4211', OTHER",
    "postex_ssh_1234, OTHER",
  })
  void ranksPipesByTheConfiguredLists(String pipe, NamedPipes.Standing standing) {
    assertThat(pipes.standing(pipe)).isEqualTo(standing);
  }
}
