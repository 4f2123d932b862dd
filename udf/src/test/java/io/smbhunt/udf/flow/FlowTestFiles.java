package io.smbhunt.udf.flow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads fixture files as the job does (bytes, split on LF) and decodes them with one decoder. */
final class FlowTestFiles {

  /** The real WRCCDC 2018 Zeek logs bundled with the project (see samples/README.md). */
  static final Path ZEEK_REAL = Path.of("../samples/zeek-wrccdc2018");

  /** This package's own small fixtures (see src/test/resources/flow/README.md). */
  static final Path FIXTURES = Path.of("src/test/resources/flow");

  /** What one line decoded to; copied because the decoder reuses its result object. */
  record Decoded(long line, FlowDecodeResult.Kind kind, FlowRecord flow, String reason) {}

  private FlowTestFiles() {}

  /** The lines of a plain or {@code .gz} file, without terminators. */
  static List<byte[]> lines(Path file) throws IOException {
    byte[] all;
    try (InputStream in = Files.newInputStream(file)) {
      all =
          file.toString().endsWith(".gz")
              ? new GZIPInputStream(in).readAllBytes()
              : in.readAllBytes();
    }
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= all.length; i++) {
      if (i == all.length || all[i] == '\n') {
        if (i > start || i < all.length) {
          out.add(Arrays.copyOfRange(all, start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** Sniffs the format from the first line and decodes every line of {@code file}. */
  static List<Decoded> decode(Path file) throws IOException {
    List<byte[]> lines = lines(file);
    String name = file.getFileName().toString();
    byte[] first = lines.isEmpty() ? new byte[0] : lines.get(0);
    FlowFormat format = FlowFormats.sniff(name, first, 0, first.length);
    if (format == null) {
      throw new IllegalStateException("cannot tell the format of " + file);
    }
    return decode(FlowFileDecoder.forFormat(format, name), name, lines);
  }

  static List<Decoded> decode(FlowFileDecoder decoder, String source, List<byte[]> lines) {
    List<Decoded> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      byte[] b = lines.get(i);
      FlowDecodeResult r = decoder.decode(b, 0, b.length, source, i + 1);
      out.add(new Decoded(i + 1, r.kind(), r.flow(), r.reason()));
    }
    return out;
  }

  /** Decodes text lines (UTF-8) with a fresh decoder of {@code format} for file {@code name}. */
  static List<Decoded> decodeText(FlowFormat format, String name, String... lines) {
    List<byte[]> bytes = new ArrayList<>();
    for (String l : lines) {
      bytes.add(l.getBytes(StandardCharsets.UTF_8));
    }
    return decode(FlowFileDecoder.forFormat(format, name), name, bytes);
  }

  /** The job's default {@code time.suricata_flow_memory}. */
  static final long MEMORY_MILLIS = 24 * 3_600_000L;

  /**
   * The flow records, Suricata's completed by their flows as the job completes them ({@link
   * SuricataFlow}), in the file's order.
   */
  static List<FlowRecord> flows(List<Decoded> decoded) {
    List<FlowRecord> out = new ArrayList<>();
    for (Decoded d : decoded) {
      if (d.kind() == FlowDecodeResult.Kind.FLOW) {
        out.add(d.flow());
      }
    }
    List<FlowRecord> resolved = new ArrayList<>(SuricataFlow.resolveAll(out, MEMORY_MILLIS));
    resolved.sort(Comparator.comparing((FlowRecord f) -> f.source).thenComparingLong(f -> f.line));
    return resolved;
  }

  static long count(List<Decoded> decoded, FlowDecodeResult.Kind kind) {
    return decoded.stream().filter(d -> d.kind() == kind).count();
  }

  /** A copy without {@code source}/{@code line}, to compare records read from different files. */
  static FlowRecord withoutOrigin(FlowRecord f) {
    FlowRecord c = new FlowRecord();
    c.timestamp = f.timestamp;
    c.srcIp = f.srcIp;
    c.srcPort = f.srcPort;
    c.dstIp = f.dstIp;
    c.dstPort = f.dstPort;
    c.protocol = f.protocol;
    c.fileName = f.fileName;
    c.pipeName = f.pipeName;
    c.pipeNameRaw = f.pipeNameRaw;
    c.share = f.share;
    c.shareType = f.shareType;
    c.size = f.size;
    c.sensor = f.sensor;
    c.connectionId = f.connectionId;
    c.rpcEndpoint = f.rpcEndpoint;
    c.rpcOperation = f.rpcOperation;
    c.action = f.action;
    return c;
  }
}
