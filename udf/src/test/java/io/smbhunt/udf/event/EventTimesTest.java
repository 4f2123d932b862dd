package io.smbhunt.udf.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimesTest {

  @ParameterizedTest
  @CsvSource({
    "2020-09-22T18:53:32.341Z, 2020-09-22T18:53:32.341Z",
    "2020-09-22T18:53:32Z, 2020-09-22T18:53:32Z",
    "2020-09-22T18:53:32.341987Z, 2020-09-22T18:53:32.341Z",
    "2020-09-22T18:53:32.3Z, 2020-09-22T18:53:32.300Z",
    "2020-09-22 18:53:32.341, 2020-09-22T18:53:32.341Z",
    "2020-10-19 03:30:46.625, 2020-10-19T03:30:46.625Z",
    "2020-09-22T14:53:32.341-04:00, 2020-09-22T18:53:32.341Z",
    "2020-09-22T20:53:32.341+0200, 2020-09-22T18:53:32.341Z",
    "2020-09-22T19:53:32+01, 2020-09-22T18:53:32Z",
    "2000-02-29T00:00:00Z, 2000-02-29T00:00:00Z",
    "1969-12-31T23:59:59.999Z, 1969-12-31T23:59:59.999Z",
  })
  void parsesTheShapesShippersWrite(String text, String expected) {
    assertThat(EventTimes.parseMillis(text)).isEqualTo(Instant.parse(expected).toEpochMilli());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2020-09-22",
        "2020-13-22T18:53:32Z",
        "2021-02-29T00:00:00Z",
        "2020-09-22X18:53:32Z",
        "2020-09-22T18:53:32.Z",
        "2020-09-22T18:53:32Q",
        "2020-09-22T18:53:32+5",
        "20x0-09-22T18:53:32Z",
        "1600804412341",
        "2020-09-22T18:53:32.3\u06641Z", // a non-ASCII digit is no digit
      })
  void rejectsWhatIsNotATimestamp(String text) {
    assertThat(EventTimes.parseMillis(text)).isEqualTo(EventTimes.INVALID);
  }

  @Test
  void agreesWithJavaTimeOnRandomInstants() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      long millis = random.nextLong() % 8_000_000_000_000L;
      Instant instant = Instant.ofEpochMilli(millis);
      if (instant.atOffset(java.time.ZoneOffset.UTC).getYear() < 0) {
        continue;
      }
      String iso = OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC).toString();
      assertThat(EventTimes.parseMillis(iso)).as(iso).isEqualTo(millis);
    }
  }
}
