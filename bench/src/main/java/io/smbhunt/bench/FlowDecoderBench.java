package io.smbhunt.bench;

import io.smbhunt.udf.flow.FlowDecodeResult;
import io.smbhunt.udf.flow.FlowFileDecoder;
import io.smbhunt.udf.flow.FlowFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One Zeek log line → {@link io.smbhunt.udf.flow.FlowRecord} through {@link FlowFileDecoder}, on
 * the real WRCCDC 2018 logs ({@code dce_rpc}, {@code smb_files}, {@code smb_mapping}) in Zeek's
 * JSON and default TSV form. One operation is one data line; the data lines of the three logs are
 * cycled through, each decoded by its own file's decoder, as the job does.
 *
 * <p>The files are gunzipped in setup: this measures decoding, not inflate. For TSV each file's
 * header lines ({@code #separator} … {@code #types}) are fed to its decoder once in setup, as the
 * reader does at the top of a file; only data lines are cycled. Data lines never change a TSV
 * decoder's state (only a header line does), so one decoder per file per trial decodes every pass
 * exactly as the first; a per-invocation setup would cost more than the ~µs being measured.
 *
 * <p>{@link #byteScan} is the same byte-by-byte newline search as {@link HostEventDecoderBench}'s,
 * over the same lines, so the decoder can be quoted as a fraction of a plain scan.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FlowDecoderBench {

  @Param({"zeek-json", "zeek-tsv"})
  public String format;

  private LineCorpus corpus;

  /** Per file, its decoder; a corpus line's tag is the index of its file's decoder. */
  private FlowFileDecoder[] decoders;

  private String[] sources;

  @Setup(Level.Trial)
  public void setUp() {
    boolean tsv = format.equals("zeek-tsv");
    FlowFormat fmt = tsv ? FlowFormat.ZEEK_TSV : FlowFormat.ZEEK_JSON;
    List<Path> files = Samples.files(tsv ? Samples.ZEEK_TSV_DIR : Samples.ZEEK_JSON_DIR);
    List<FlowFileDecoder> ds = new ArrayList<>();
    List<String> names = new ArrayList<>();
    LineCorpus.Builder b = new LineCorpus.Builder();
    int[] flows = new int[1];
    for (Path path : files) {
      String name = path.getFileName().toString();
      FlowFileDecoder d = FlowFileDecoder.forFormat(fmt, name);
      int tag = ds.size();
      ds.add(d);
      names.add(name);
      LineCorpus.forEachLine(
          Samples.read(path),
          (bytes, off, len, number) -> {
            // Decoding every line once here feeds the TSV headers and proves the sample decodes
            // cleanly: a quarantined line would make the benchmark time the error path.
            FlowDecodeResult r = d.decode(bytes, off, len, name, number);
            if (r.kind() == FlowDecodeResult.Kind.QUARANTINED) {
              throw new IllegalStateException(
                  name + " line " + number + ": " + r.reason() + " " + r.detail());
            }
            if (len > 0 && bytes[off] == '#') {
              return; // a header or #close: not cycled (see the class comment)
            }
            if (r.kind() == FlowDecodeResult.Kind.FLOW) {
              flows[0]++;
            }
            b.add(bytes, off, len, number, tag);
          });
    }
    if (flows[0] == 0) {
      throw new IllegalStateException(format + ": no line of the sample decodes to a flow");
    }
    decoders = ds.toArray(new FlowFileDecoder[0]);
    sources = names.toArray(new String[0]);
    corpus = b.build();
  }

  @Benchmark
  public void decode(Volume v, Blackhole bh) {
    int i = corpus.advance();
    v.bytes += corpus.fileBytes(i);
    int tag = corpus.tag(i);
    FlowDecodeResult r =
        decoders[tag].decode(
            corpus.bytes, corpus.offset(i), corpus.length(i), sources[tag], corpus.lineNumber(i));
    // The result object is reused by the decoder: consume what it holds.
    bh.consume(r.kind());
    bh.consume(r.flow());
  }

  /** Baseline: the position of the line's newline, found one byte at a time. */
  @Benchmark
  public int byteScan(Volume v) {
    int i = corpus.advance();
    v.bytes += corpus.fileBytes(i);
    return corpus.newlineByByteScan(i);
  }
}
