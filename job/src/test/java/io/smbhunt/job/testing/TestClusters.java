package io.smbhunt.job.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The shared MiniCluster test classes run the pipeline on (one per class, reused per test). */
public final class TestClusters {

  private TestClusters() {}

  /** One TaskManager with {@code slots} slots: enough for pipelines at that parallelism. */
  public static MiniClusterExtension withSlots(int slots) {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(slots)
            .build());
  }
}
