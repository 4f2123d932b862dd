package io.smbhunt.udf.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
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

  @Test
  void readsTheHexElementsOfAListAndNothingElse() {
    // Elastic's pipelines split the text on white space: a 5145's mask becomes a one-element list.
    assertThat(AccessMasks.parseList(List.of("0x120089"))).isEqualTo(0x120089);
    assertThat(AccessMasks.parseList(List.of("0x2", "0x100"))).isEqualTo(0x102);
    // What the same pipelines write into other events' AccessMask (real 4674s, beats' golden
    // files): access rights as message numbers, which are not masks — "1538" read as decimal
    // would set the WriteData bit.
    assertThat(AccessMasks.parseList(List.of("%%1538", "%%1542"))).isEqualTo(-1);
    assertThat(AccessMasks.parseList(List.of("1538", "1542"))).isEqualTo(-1);
    assertThat(AccessMasks.parseList(List.of("0x2", "1538"))).isEqualTo(-1);
    assertThat(AccessMasks.parseList(List.of())).isEqualTo(-1);
    assertThat(AccessMasks.parseList(null)).isEqualTo(-1);
  }
}
