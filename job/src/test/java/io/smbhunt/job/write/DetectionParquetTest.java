package io.smbhunt.job.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smbhunt.job.analytics.Detection;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionParquetTest {

  @TempDir Path dir;

  @Test
  void duckDbReadsBackExactlyWhatWasWritten() throws Exception {
    Path file = dir.resolve("detections.parquet");
    DirectWrite.write(DetectionParquet.writerFactory(), file, Fixtures.detections());

    try (DuckDb duckDb = new DuckDb()) {
      assertThat(duckDb.detections(DuckDb.readParquet(file.toString(), "")))
          .containsExactlyElementsOf(Fixtures.detections());
    }
  }

  @Test
  void columnsHaveTheContractedTypes() throws Exception {
    Path file = dir.resolve("detections.parquet");
    DirectWrite.write(DetectionParquet.writerFactory(), file, Fixtures.detections());

    try (DuckDb duckDb = new DuckDb()) {
      assertThat(duckDb.describe(DuckDb.readParquet(file.toString(), "")))
          .containsExactlyEntriesOf(
              orderedMap(
                  "analytic_id",
                  "VARCHAR",
                  "title",
                  "VARCHAR",
                  "attack_techniques",
                  "VARCHAR[]",
                  "severity",
                  "VARCHAR",
                  "event_time",
                  "TIMESTAMP WITH TIME ZONE",
                  "host",
                  "VARCHAR",
                  "user",
                  "VARCHAR",
                  "logon_id",
                  "VARCHAR",
                  "src_ip",
                  "VARCHAR",
                  "src_port",
                  "INTEGER",
                  "dst_ip",
                  "VARCHAR",
                  "dst_port",
                  "INTEGER",
                  "share",
                  "VARCHAR",
                  "target",
                  "VARCHAR",
                  "detail",
                  "VARCHAR",
                  "evidence",
                  "STRUCT(\"source\" VARCHAR, line BIGINT,"
                      + " event_time TIMESTAMP WITH TIME ZONE, event_id INTEGER)[]"));
    }
  }

  @Test
  void eventTimeIsUtcMillisAndListsDistinguishNullFromEmpty() throws Exception {
    Path file = dir.resolve("detections.parquet");
    DirectWrite.write(DetectionParquet.writerFactory(), file, Fixtures.detections());
    String from = DuckDb.readParquet(file.toString(), "");

    try (DuckDb duckDb = new DuckDb()) {
      assertThat(
              duckDb.column(
                  "SELECT strftime(event_time AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%g') FROM "
                      + from))
          .containsExactly(
              "2024-03-01 23:59:59.999",
              "2024-03-02 00:00:00.000",
              "2024-02-29 12:34:56.789",
              "1969-12-31 23:59:59.001");
      assertThat(duckDb.column("SELECT len(attack_techniques) FROM " + from))
          .containsExactly(2L, 2L, null, 0L);
      assertThat(duckDb.column("SELECT len(evidence) FROM " + from))
          .containsExactly(3L, 0L, null, 1L);
    }
  }

  @Test
  void fileIsSnappyCompressedWithUtcTimestamps() throws Exception {
    Path file = dir.resolve("detections.parquet");
    DirectWrite.write(DetectionParquet.writerFactory(), file, Fixtures.detections());
    String path = "'" + file + "'";

    try (DuckDb duckDb = new DuckDb()) {
      assertThat(duckDb.column("SELECT DISTINCT compression FROM parquet_metadata(" + path + ")"))
          .containsExactly("SNAPPY");
      assertThat(
              duckDb.column(
                  "SELECT logical_type FROM parquet_schema("
                      + path
                      + ") WHERE name = 'event_time'"))
          .hasSize(2)
          .allSatisfy(type -> assertThat((String) type).contains("isAdjustedToUTC=1", "MILLIS"));
    }
  }

  @Test
  void nullRequiredColumnIsRejected() throws Exception {
    Detection bad = Fixtures.minimal();
    bad.analyticId = null;

    assertThatThrownBy(
            () ->
                DirectWrite.write(
                    DetectionParquet.writerFactory(), dir.resolve("bad.parquet"), List.of(bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("analytic_id");
  }

  @Test
  void factorySurvivesJavaSerialization() throws Exception {
    // Flink ships the sink to the task managers serialized.
    ParquetWriterFactory<Detection> copy =
        InstantiationUtil.clone(DetectionParquet.writerFactory(), getClass().getClassLoader());
    Path file = dir.resolve("copy.parquet");
    DirectWrite.write(copy, file, List.of(Fixtures.full()));

    try (DuckDb duckDb = new DuckDb()) {
      assertThat(duckDb.detections(DuckDb.readParquet(file.toString(), "")))
          .containsExactly(Fixtures.full());
    }
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
