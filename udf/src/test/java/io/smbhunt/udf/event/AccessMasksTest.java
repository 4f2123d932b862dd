package io.smbhunt.udf.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessMasksTest {

  @ParameterizedTest
  @CsvSource({
    "0x2, 2",
    "0X2, 2",
    "0x17019f, 1507743",
    "0x17019F, 1507743",
    "2, 2",
    "' 0x80 ', 128",
    "0xffffffff, 4294967295",
    "0x, -1",
    "0x1ffffffff, -1",
    "abc, -1",
    "'', -1",
    "-2, -1",
    "%%4417, -1",
  })
  void parsesHexTextAndDecimalDigits(String text, long expected) {
    assertThat(AccessMasks.parse(text)).isEqualTo(expected);
  }
}
