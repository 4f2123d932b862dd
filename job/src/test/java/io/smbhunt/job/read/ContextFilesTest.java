package io.smbhunt.job.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

/** Which files are context, by the names the reader gives them. */
class ContextFilesTest {

  private final ContextFiles days =
      ContextFiles.of(
          List.of(new Path("file:/archive/2020/09/23"), new Path("s3://logs/zeek/dt=2020-09-23")),
          List.of(
              new Path("file:/archive/2020/09/22"),
              new Path("s3://logs/zeek/dt=2020-09-22"),
              new Path("file:/single/2020-09-22.json.gz")));

  @Test
  void aFileUnderAPreviousDayInputIsContext() {
    assertThat(days.isContext("file:/archive/2020/09/22/security.json")).isTrue();
    assertThat(days.isContext("file:/archive/2020/09/22/a/b/c.json.gz")).isTrue();
    assertThat(days.isContext("file:/archive/2020/09/22/dataset.zip!/dataset.json")).isTrue();
    assertThat(days.isContext("s3://logs/zeek/dt=2020-09-22/smb_files.log")).isTrue();
    assertThat(days.isContext("file:/single/2020-09-22.json.gz")).isTrue();
  }

  @Test
  void aNameThatOnlyBeginsLikeAnInputIsNot() {
    assertThat(days.isContext("file:/archive/2020/09/23/security.json")).isFalse();
    assertThat(days.isContext("file:/archive/2020/09/222/security.json")).isFalse();
    assertThat(days.isContext("file:/single/2020-09-22.json.gz.bak")).isFalse();
    assertThat(days.isContext("s3://other/zeek/dt=2020-09-22/smb_files.log")).isFalse();
    assertThat(days.isContext(null)).isFalse();
  }

  @Test
  void aFileUnderBothDaysIsTheDaysOwn() {
    ContextFiles nested =
        ContextFiles.of(List.of(new Path("file:/a/22/today")), List.of(new Path("file:/a/22")));
    assertThat(nested.isContext("file:/a/22/x.json")).isTrue();
    assertThat(nested.isContext("file:/a/22/today/x.json")).isFalse();
  }

  @Test
  void withoutContextNothingIs() {
    assertThat(ContextFiles.NONE.isEmpty()).isTrue();
    assertThat(ContextFiles.NONE.isContext("file:/archive/2020/09/22/security.json")).isFalse();
    assertThat(days.isEmpty()).isFalse();
  }
}
