package io.smbhunt.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The default profile's host part of a key: the machine, whichever way a shipper names it. */
class JoinKeysTest {

  @Test
  void aMachineIsItsNameWithoutDomainInAnyCase() {
    assertThat(JoinKeys.machine("WORKSTATION6.theshire.local")).isEqualTo("workstation6");
    assertThat(JoinKeys.machine("Workstation6")).isEqualTo("workstation6");
    assertThat(JoinKeys.onHost("WORKSTATION6.theshire.local", "0x4E13B2E"))
        .isEqualTo(JoinKeys.onHost("workstation6", "0x4e13b2e"));
    assertThat(JoinKeys.onHost("WORKSTATION5.theshire.local", "0x1"))
        .isNotEqualTo(JoinKeys.onHost("WORKSTATION6.theshire.local", "0x1"));
  }

  @Test
  void anAddressOrNoNameStaysWhole() {
    assertThat(JoinKeys.machine("172.18.39.6")).isEqualTo("172.18.39.6");
    assertThat(JoinKeys.machine("fe80::1.2")).isEqualTo("fe80::1.2");
    assertThat(JoinKeys.machine(null)).isEmpty();
    assertThat(JoinKeys.onHost("h", null)).isNull();
  }
}
