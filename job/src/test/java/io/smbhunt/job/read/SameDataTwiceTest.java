package io.smbhunt.job.read;

import static io.smbhunt.job.read.ReadFixtures.flinkPath;
import static io.smbhunt.job.read.ReadFixtures.gzip;
import static io.smbhunt.job.read.ReadFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.testing.Archives;
import io.smbhunt.job.testing.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SameDataTwiceTest {

  @TempDir Path tmp;

  /** A Security-Datasets zip unpacked beside itself: the real sample, as a hunter would have it. */
  @Test
  void warnsAboutADatasetZipUnpackedBesideItself() throws Exception {
    byte[] sample = Files.readAllBytes(Pipelines.REAL_SAMPLE);
    String name = Pipelines.REAL_SAMPLE.getFileName().toString();
    Path unpacked = write(tmp.resolve(name), sample);
    Path zip = Archives.zip(tmp.resolve("covenant_copy_smb_CreateRequest.zip"), name, sample);

    List<String> warnings = SameDataTwice.amongInputs(List.of(flinkPath(tmp)));

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains(zip + "!/" + name)
        .contains(unpacked.toString())
        .contains("detections will appear twice");
  }

  @Test
  void warnsAboutAPlainFileBesideItsGzip() throws Exception {
    byte[] data = "{\"EventID\":4624}\n".repeat(1000).getBytes();
    write(tmp.resolve("a.json"), data);
    write(tmp.resolve("a.json.gz"), gzip(data));

    assertThat(SameDataTwice.amongInputs(List.of(flinkPath(tmp))))
        .singleElement()
        .asString()
        .contains("a.json and ")
        .contains("a.json.gz");
  }

  @Test
  void saysNothingForFilesThatDifferInNameOrSize() throws Exception {
    byte[] data = "{\"EventID\":4624}\n".getBytes();
    write(tmp.resolve("a.json"), data);
    write(tmp.resolve("b.json"), data);
    write(tmp.resolve("c.json"), data);
    write(tmp.resolve("c.json.gz"), gzip("{\"EventID\":4625,\"x\":1}\n".getBytes()));
    Archives.zip(tmp.resolve("d.zip"), "a.json", "{}\n".getBytes());
    // An archive's daily layout: the same name and size in two folders (a quiet day's Zeek log is
    // its header alone), and empty files.
    byte[] header = "#separator \\x09\n#path\tsmb_files\n".getBytes();
    write(tmp.resolve("2020-09-21/smb_files.log"), header);
    write(tmp.resolve("2020-09-22/smb_files.log"), header);
    write(tmp.resolve("e.json"), new byte[0]);
    write(tmp.resolve("e.json.gz"), gzip(new byte[0]));

    assertThat(SameDataTwice.amongInputs(List.of(flinkPath(tmp)))).isEmpty();
  }

  /** Not even listed: no file system for s3 is loaded here, so listing would fail. */
  @Test
  void leavesRemoteInputsAlone() {
    List<org.apache.flink.core.fs.Path> remote =
        List.of(
            new org.apache.flink.core.fs.Path("s3://bucket/a.json"),
            new org.apache.flink.core.fs.Path("s3://bucket/a.json.gz"));
    assertThat(SameDataTwice.amongInputs(remote)).isEmpty();
    assertThat(SameDataTwice.warnings(remote)).isEmpty();
  }
}
