package io.smbhunt.job.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.testing.GeneratedCorpus;
import io.smbhunt.job.testing.PandasReference;
import io.smbhunt.job.testing.Pipelines;
import io.smbhunt.job.testing.TestClusters;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed profile's promise: its rows are the notebook's pandas rows — the same events, the same
 * multiplicity — checked against the notebook's code itself, run by pandas on the same files.
 */
class SeedProfileMatchesPandasTest {

  @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.withSlots(2);

  @TempDir Path tmp;

  @Test
  void realSampleGivesTheNotebooksOneRowPerAnalytic() throws Exception {
    List<Path> files = List.of(Pipelines.REAL_SAMPLE);
    Pipelines.Run run = Pipelines.run(files, Profile.SEED);
    Map<String, List<List<String>>> pandas = PandasReference.rows(files);

    String f = Pipelines.REAL_SAMPLE.getFileName().toString();
    assertThat(pandas.get("smb_remote_file_2")).containsExactly(List.of(f + ":59", f + ":58"));
    assertThat(pandas.get("smb_remote_file_4"))
        .containsExactly(List.of(f + ":62", f + ":58", f + ":59"));
    assertThat(pandas.get("smb_remote_file_5")).containsExactly(List.of(f + ":62", f + ":212"));
    assertSameRows(PandasReference.rowsOf(run.detections()), pandas);
  }

  @Test
  void generatedCorpusWithDecoysGivesThePandasRowsRowForRow() throws Exception {
    GeneratedCorpus corpus =
        GeneratedCorpus.generate(
            tmp.resolve("corpus"),
            "--events",
            "30000",
            "--files",
            "3",
            "--seed",
            "11",
            "--bad-rate",
            "0");
    Pipelines.Run run = Pipelines.run(corpus.files(), Profile.SEED);
    Map<String, List<List<String>>> pandas = PandasReference.rows(corpus.files());

    assertSameRows(PandasReference.rowsOf(run.detections()), pandas);
    // And the generator's own count of the same semantics agrees with both.
    for (String[] a :
        new String[][] {
          {"I", "smb_remote_file_1"},
          {"II", "smb_remote_file_2"},
          {"III", "smb_remote_file_3"},
          {"IV", "smb_remote_file_4"},
          {"V", "smb_remote_file_5"}
        }) {
      assertThat((long) pandas.get(a[1]).size()).as(a[0]).isEqualTo(corpus.expectedSeed(a[0]));
    }
  }

  private static void assertSameRows(
      Map<String, List<List<String>>> smbhunt, Map<String, List<List<String>>> pandas) {
    for (String id : pandas.keySet()) {
      assertThat(smbhunt.get(id)).as(id).containsExactlyInAnyOrderElementsOf(pandas.get(id));
    }
  }
}
