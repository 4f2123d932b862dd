package io.smbhunt.job.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smbhunt.job.analytics.Detection;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.junit.jupiter.api.Test;

class EventDateBucketAssignerTest {

  /**
   * A context whose processing time and watermark are a different day, to prove they are unused.
   */
  private static final BucketAssigner.Context OTHER_DAY =
      new BucketAssigner.Context() {
        @Override
        public long currentProcessingTime() {
          return Fixtures.millis("2030-06-15T12:00:00Z");
        }

        @Override
        public long currentWatermark() {
          return Fixtures.millis("2030-06-15T12:00:00Z");
        }

        @Override
        public Long timestamp() {
          return Fixtures.millis("2030-06-15T12:00:00Z");
        }
      };

  private final EventDateBucketAssigner assigner = new EventDateBucketAssigner();

  @Test
  void bucketIsTheUtcDateOfTheEventOnEitherSideOfMidnight() {
    assertThat(assigner.getBucketId(Fixtures.full(), OTHER_DAY))
        .isEqualTo("smb_remote_service/date=2024-03-01");
    assertThat(assigner.getBucketId(Fixtures.sparse(), OTHER_DAY))
        .isEqualTo("smb_remote_service/date=2024-03-02");
    assertThat(assigner.getBucketId(Fixtures.minimal(), OTHER_DAY))
        .isEqualTo("smb_admin_share/date=2024-02-29");
    assertThat(assigner.getBucketId(Fixtures.preEpoch(), OTHER_DAY))
        .isEqualTo("smb_admin_share/date=1969-12-31");
  }

  @Test
  void analyticIdsThatWouldEscapeOrHideTheFolderAreRejected() {
    for (String bad : new String[] {"../etc", "a/b", "_quarantine", ".hidden", "", "a b"}) {
      Detection d = Fixtures.minimal();
      d.analyticId = bad;
      assertThatThrownBy(() -> assigner.getBucketId(d, OTHER_DAY))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void bucketIdsSurviveTheSerializer() throws Exception {
    String id = assigner.getBucketId(Fixtures.full(), OTHER_DAY);
    byte[] bytes = assigner.getSerializer().serialize(id);
    assertThat(assigner.getSerializer().deserialize(assigner.getSerializer().getVersion(), bytes))
        .isEqualTo(id);
  }
}
