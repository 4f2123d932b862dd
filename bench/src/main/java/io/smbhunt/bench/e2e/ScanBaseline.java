package io.smbhunt.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smbhunt.udf.event.DecodeResult;
import io.smbhunt.udf.event.EventIdPrefilter;
import io.smbhunt.udf.event.HostEventDecoder;
import io.smbhunt.udf.json.Swar;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * The reference floors of issue 7: how fast can the same files be merely read?
 *
 * <ul>
 *   <li>{@code bytes}: a plain single pass — read the file in 1 MiB blocks and count the newline
 *       bytes one by one (no parse, no line objects). The "≥ 50% of a byte scan per core" target is
 *       measured against it.
 *   <li>{@code gunzip}: decompress {@code .gz} files with the JDK's {@link GZIPInputStream} (the
 *       inflater smbhunt's reader uses, multi-member aware) and count newlines in the output. The
 *       "gzip input within 1.2× of decompressing the files in parallel" target is measured against
 *       it.
 *   <li>{@code decode}: every line through smbhunt's {@code HostEventDecoder}, lines found with the
 *       SWAR newline scan: the floor of the job's per-line work with no Flink around it.
 *   <li>{@code prefilter}: as {@code decode}, but lines {@code EventIdPrefilter} finds unused are
 *       not decoded (the job's {@code --skip-unused-event-ids}).
 * </ul>
 *
 * <p>Files are handed to {@code --threads} workers one whole file at a time, as smbhunt's source
 * reads each file in one task. Usage: {@code ScanBaseline --mode bytes|gunzip|decode|prefilter
 * --threads N FILE...}; prints {@code RESULT {json}} on stdout. The first pass warms the JIT and
 * page cache unless {@code --no-warmup}; only the second is timed.
 */
public final class ScanBaseline {

  private static final int BLOCK = 1 << 20;

  private ScanBaseline() {}

  public static void main(String[] args) throws Exception {
    String mode = "bytes";
    int threads = 1;
    boolean warmup = true;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mode" -> mode = args[++i];
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--no-warmup" -> warmup = false;
        default -> {
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException("unknown flag " + args[i]);
          }
          files.add(args[i]);
        }
      }
    }
    if (!List.of("bytes", "gunzip", "decode", "prefilter").contains(mode) || files.isEmpty()) {
      throw new IllegalArgumentException(
          "usage: ScanBaseline --mode bytes|gunzip|decode|prefilter --threads N [--no-warmup] FILE...");
    }
    boolean gunzip = mode.equals("gunzip");
    boolean decode = mode.equals("decode") || mode.equals("prefilter");
    boolean prefilter = mode.equals("prefilter");
    if (warmup) {
      // A short pass over the first file's head: the scan loop is compiled before the clock starts.
      scanFile(files.get(0), gunzip, decode, prefilter, 256L << 20);
    }
    long t0 = System.nanoTime();
    long[] totals = scanAll(files, threads, gunzip, decode, prefilter);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("tool", decode ? mode : gunzip ? "gunzip" : "bytescan");
    result.put("threads", threads);
    result.put("seconds", Math.round(seconds * 1000) / 1000.0);
    result.put("newlines", totals[0]);
    result.put("bytes_out", totals[1]);
    if (decode) {
      result.put("kept", totals[2]);
      result.put("quarantined", totals[3]);
    }
    System.err.printf(
        Locale.ROOT,
        "%s threads=%d: %.2f s, %,d newlines, %,d bytes%s (%.0f MB/s)%n",
        mode,
        threads,
        seconds,
        totals[0],
        totals[1],
        gunzip ? " decompressed" : "",
        totals[1] / 1e6 / seconds);
    System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
  }

  /** {newlines, bytes} over all files, {@code threads} files at a time. */
  static long[] scanAll(
      List<String> files, int threads, boolean gunzip, boolean decode, boolean prefilter)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<long[]>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        parts.add(
            pool.submit(
                () -> {
                  long[] sum = new long[4];
                  for (int i; (i = next.getAndIncrement()) < files.size(); ) {
                    long[] one = scanFile(files.get(i), gunzip, decode, prefilter, Long.MAX_VALUE);
                    for (int k = 0; k < sum.length; k++) {
                      sum[k] += one[k];
                    }
                  }
                  return sum;
                }));
      }
      long[] total = new long[4];
      for (Future<long[]> f : parts) {
        long[] one = f.get();
        for (int k = 0; k < total.length; k++) {
          total[k] += one[k];
        }
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * {newlines, bytes, kept, quarantined} of one file, stopping after about {@code limit} bytes.
   * With {@code decode}, every complete line also goes through smbhunt's host event decoder: the
   * floor of the job's per-line work with no Flink around it.
   */
  static long[] scanFile(String file, boolean gunzip, boolean decode, boolean prefilter, long limit)
      throws IOException {
    if (!decode) {
      long[] counts = scanFile(file, gunzip, limit);
      return new long[] {counts[0], counts[1], 0, 0};
    }
    HostEventDecoder decoder = new HostEventDecoder();
    byte[] buf = new byte[BLOCK * 2];
    long[] out = new long[4];
    int start = 0;
    int end = 0;
    try (InputStream raw = new FileInputStream(file);
        InputStream in = gunzip ? new GZIPInputStream(raw, 64 * 1024) : raw) {
      for (int n; out[1] < limit && (n = in.read(buf, end, buf.length - end)) > 0; ) {
        out[1] += n;
        int from = end;
        end += n;
        for (int i = from; (i = Swar.indexOfNewline(buf, i, end)) >= 0; i++) {
          out[0]++;
          if (!prefilter || !EventIdPrefilter.isUnusedEvent(buf, start, i - start)) {
            DecodeResult r = decoder.decode(buf, start, i - start, file, out[0]);
            if (r.kind() == DecodeResult.Kind.EVENT) {
              out[2]++;
            } else if (r.kind() == DecodeResult.Kind.QUARANTINED) {
              out[3]++;
            }
          }
          start = i + 1;
        }
        if (start > 0) {
          System.arraycopy(buf, start, buf, 0, end - start);
          end -= start;
          start = 0;
        } else if (end == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
      }
    }
    return out;
  }

  /** {newlines, bytes} of one file, stopping after about {@code limit} bytes. */
  static long[] scanFile(String file, boolean gunzip, long limit) throws IOException {
    byte[] buf = new byte[BLOCK];
    long newlines = 0;
    long bytes = 0;
    try (InputStream raw = new FileInputStream(file);
        InputStream in = gunzip ? new GZIPInputStream(raw, 64 * 1024) : raw) {
      for (int n; bytes < limit && (n = in.read(buf, 0, BLOCK)) > 0; ) {
        bytes += n;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            newlines++;
          }
        }
      }
    }
    return new long[] {newlines, bytes};
  }
}
