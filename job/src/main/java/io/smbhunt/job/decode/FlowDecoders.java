package io.smbhunt.job.decode;

import io.smbhunt.job.read.RawLine;
import io.smbhunt.job.read.RecordFormat;
import io.smbhunt.udf.flow.FlowFileDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The flow decoders of the files a decode task is reading, one per file: the udf decoders are
 * stateful (a Zeek TSV header, the records Zeek logs twice). A file's lines reach one task in
 * order, and a task reads one file at a time, so a few entries suffice. A decoder is rebuilt from
 * the header the reader attached whenever it differs from the one it was built with — after a
 * restore from a checkpoint, or at a new header block of a concatenated log.
 */
final class FlowDecoders {

  private static final int MAX_OPEN_FILES = 16;

  private final Map<String, OpenFile> bySource =
      new LinkedHashMap<>(MAX_OPEN_FILES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OpenFile> eldest) {
          return size() > MAX_OPEN_FILES;
        }
      };

  private record OpenFile(RecordFormat format, String header, FlowFileDecoder decoder) {}

  static boolean isTsvHeaderLine(RecordFormat format, RawLine line) {
    return format == RecordFormat.ZEEK_TSV && line.bytes.length > 0 && line.bytes[0] == '#';
  }

  FlowFileDecoder forLine(RawLine line, RecordFormat format) {
    OpenFile e = bySource.get(line.source);
    if (e == null || e.format != format || !Objects.equals(e.header, line.header)) {
      FlowFileDecoder decoder = FlowFileDecoder.forFormat(format.flowFormat, fileName(line.source));
      if (line.header != null) {
        long n = 0;
        for (String h : line.header.split("\n")) {
          byte[] b = h.getBytes(StandardCharsets.UTF_8);
          decoder.decode(b, 0, b.length, line.source, ++n);
        }
      }
      e = new OpenFile(format, line.header, decoder);
      bySource.put(line.source, e);
    }
    return e.decoder;
  }

  /** The last path element: Zeek decoders tell smb_files from dce_rpc by it. */
  private static String fileName(String source) {
    int cut = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
    return cut < 0 ? source : source.substring(cut + 1);
  }
}
