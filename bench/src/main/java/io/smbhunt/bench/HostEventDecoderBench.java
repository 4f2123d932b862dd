package io.smbhunt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smbhunt.udf.event.DecodeResult;
import io.smbhunt.udf.event.HostEventDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
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
 * One Windows event JSON line → {@link io.smbhunt.udf.event.HostEvent} or a rejection: the decoder
 * every host line of an archive goes through (issue 7). One operation is one line; the lines of the
 * real Security-Datasets sample are cycled through in file order.
 *
 * <p>Two baselines on the same lines give the scores a scale that does not depend on the machine:
 *
 * <ul>
 *   <li>{@link #byteScan}: finding the line's newline byte by byte, the least any line reader does
 *       (issue 7's target: the decoder at ≥ 50% of a plain byte scan);
 *   <li>{@link #jacksonReadTree}: a full Jackson tree of the line, the naive decoder.
 * </ul>
 *
 * <p>{@code mix}: {@code realistic} is the whole file (506 lines, 9 of which the analytics use:
 * ~98% are rejected, as in a real archive), {@code relevant} only the 9 lines that become events
 * (5140, 5145, 4634 on Security; Sysmon 11 by System), {@code irrelevant} only the other 497.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HostEventDecoderBench {

  private static final String SOURCE = "covenant_copy_smb_CreateRequest_2020-09-22145302.json";

  @Param({"realistic", "relevant", "irrelevant"})
  public String mix;

  private LineCorpus corpus;
  private HostEventDecoder decoder;
  private ObjectMapper mapper;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path path = Samples.file(Samples.HOST_EVENTS);
    byte[] file = Samples.read(path);
    decoder = new HostEventDecoder();
    mapper = new ObjectMapper();
    LineCorpus.Builder b = new LineCorpus.Builder();
    int[] counts = new int[2];
    IOException[] failure = new IOException[1];
    LineCorpus.forEachLine(
        file,
        (bytes, off, len, number) -> {
          boolean relevant;
          try {
            relevant = relevantByJackson(mapper.readTree(bytes, off, len));
          } catch (IOException e) {
            failure[0] = e;
            return;
          }
          checkDecoderAgrees(bytes, off, len, number, relevant);
          counts[relevant ? 1 : 0]++;
          if (mix.equals("realistic") || mix.equals("relevant") == relevant) {
            b.add(bytes, off, len, number, 0);
          }
        });
    if (failure[0] != null) {
      throw failure[0];
    }
    if (counts[1] == 0 || counts[0] == 0) {
      throw new IllegalStateException(
          path + ": " + counts[1] + " relevant and " + counts[0] + " other lines; need both");
    }
    corpus = b.build();
  }

  /**
   * The decoder's relevance rule, restated on a Jackson tree: the relevant-only and irrelevant-only
   * corpora must be what the decoder itself keeps and drops, or the two params would measure a
   * different mix than their names say.
   */
  private static boolean relevantByJackson(JsonNode n) {
    int id = n.path("EventID").asInt(-1);
    String channel = n.path("Channel").asText("").toLowerCase(Locale.ROOT);
    switch (id) {
      case 5140:
      case 5145:
      case 4634:
      case 4647:
        return channel.equals("security");
      case 11:
        return channel.equals(HostEventDecoder.SYSMON_CHANNEL.toLowerCase(Locale.ROOT))
            && n.path("Image").asText("").equalsIgnoreCase("system");
      default:
        return false;
    }
  }

  private void checkDecoderAgrees(byte[] bytes, int off, int len, long line, boolean relevant) {
    DecodeResult r = decoder.decode(bytes, off, len, SOURCE, line);
    DecodeResult.Kind expected =
        relevant ? DecodeResult.Kind.EVENT : DecodeResult.Kind.NOT_RELEVANT;
    if (r.kind() != expected) {
      throw new IllegalStateException(
          "line "
              + line
              + ": the decoder says "
              + r.kind()
              + " ("
              + r.reason()
              + "), the Jackson check "
              + expected);
    }
  }

  @Benchmark
  public void decode(Volume v, Blackhole bh) {
    int i = corpus.advance();
    v.bytes += corpus.fileBytes(i);
    DecodeResult r =
        decoder.decode(
            corpus.bytes, corpus.offset(i), corpus.length(i), SOURCE, corpus.lineNumber(i));
    // The result object is reused; consuming what it holds keeps the JIT from skipping the work
    // that produced it.
    bh.consume(r.kind());
    bh.consume(r.event());
  }

  /** Baseline: the position of the line's newline, found one byte at a time. */
  @Benchmark
  public int byteScan(Volume v) {
    int i = corpus.advance();
    v.bytes += corpus.fileBytes(i);
    return corpus.newlineByByteScan(i);
  }

  /** Baseline: the naive decoder, a full Jackson tree of every line. */
  @Benchmark
  public JsonNode jacksonReadTree(Volume v) throws IOException {
    int i = corpus.advance();
    v.bytes += corpus.fileBytes(i);
    return mapper.readTree(corpus.bytes, corpus.offset(i), corpus.length(i));
  }
}
