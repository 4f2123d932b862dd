package io.smbhunt.job.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;

/** Writes rows straight through a bulk writer factory, the way the FileSink drives it. */
final class DirectWrite {

  private DirectWrite() {}

  static <T> void write(BulkWriter.Factory<T> factory, Path file, List<T> rows) throws IOException {
    org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file.toUri());
    try (FSDataOutputStream stream =
        FileSystem.getLocalFileSystem().create(path, WriteMode.NO_OVERWRITE)) {
      BulkWriter<T> writer = factory.create(stream);
      for (T row : rows) {
        writer.addElement(row);
      }
      writer.finish();
    }
  }
}
