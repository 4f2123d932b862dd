package io.smbhunt.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The common pool's size that main sets before anything uses the pool. */
class CommonPoolTest {

  private String before;

  @BeforeEach
  void saveProperty() {
    before = System.getProperty(SmbHunt.COMMON_POOL_PARALLELISM);
  }

  @AfterEach
  void restoreProperty() {
    if (before == null) {
      System.clearProperty(SmbHunt.COMMON_POOL_PARALLELISM);
    } else {
      System.setProperty(SmbHunt.COMMON_POOL_PARALLELISM, before);
    }
  }

  @Test
  void atLeastFourWorkersUnlessTheUserChose() {
    System.clearProperty(SmbHunt.COMMON_POOL_PARALLELISM);
    SmbHunt.widenCommonPool();
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(Integer.parseInt(System.getProperty(SmbHunt.COMMON_POOL_PARALLELISM)))
        .isEqualTo(Math.max(4, cores - 1));

    System.setProperty(SmbHunt.COMMON_POOL_PARALLELISM, "2");
    SmbHunt.widenCommonPool();
    assertThat(System.getProperty(SmbHunt.COMMON_POOL_PARALLELISM)).isEqualTo("2");
  }
}
