package io.smbhunt.job.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineParquetTest {

  @TempDir Path dir;

  @Test
  void duckDbReadsBackExactlyWhatWasWrittenWithTheContractedTypes() throws Exception {
    Path file = dir.resolve("quarantine.parquet");
    DirectWrite.write(QuarantineParquet.writerFactory(), file, Fixtures.quarantine());
    String from = DuckDb.readParquet(file.toString(), "");

    try (DuckDb duckDb = new DuckDb()) {
      assertThat(duckDb.quarantine(from)).containsExactlyElementsOf(Fixtures.quarantine());

      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("source", "VARCHAR");
      expected.put("line", "BIGINT");
      expected.put("reason", "VARCHAR");
      expected.put("detail", "VARCHAR");
      expected.put("raw", "VARCHAR");
      expected.put("raw_length", "BIGINT");
      assertThat(duckDb.describe(from)).containsExactlyEntriesOf(expected);
    }
  }

  @Test
  void nullColumnsStayNullAndNotEmpty() throws Exception {
    Path file = dir.resolve("quarantine.parquet");
    DirectWrite.write(QuarantineParquet.writerFactory(), file, Fixtures.quarantine());
    String from = DuckDb.readParquet(file.toString(), "");

    try (DuckDb duckDb = new DuckDb()) {
      assertThat(duckDb.column("SELECT detail IS NULL AND raw IS NULL FROM " + from))
          .containsExactly(false, false, true);
    }
  }
}
