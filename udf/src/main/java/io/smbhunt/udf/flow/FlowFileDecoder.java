package io.smbhunt.udf.flow;

import java.util.Objects;

/**
 * Decodes the lines of ONE network-log file into {@link FlowRecord}s. Create one per file with
 * {@link #forFormat} and feed it the file's lines in order: a Zeek TSV file's meaning depends on
 * its {@code #separator}/{@code #fields}/{@code #path} header lines, and a Suricata file's tree
 * connects tell which share later CREATEs are on.
 *
 * <p>Every line ends in exactly one {@link FlowDecodeResult.Kind}: FLOW, NOT_RELEVANT (a header or
 * comment line, or a valid record no SMB analytic can use) or QUARANTINED with a stable reason code
 * (the constants on {@link FlowDecodeResult} plus the JSON scanner's {@code invalid_json}, {@code
 * invalid_utf8}, {@code blank_line}, {@code not_json_object}).
 *
 * <p>Not thread-safe; the returned result object is reused by the next call.
 */
public abstract class FlowFileDecoder {

  /** Reused for every line of the file. */
  protected final FlowDecodeResult result = new FlowDecodeResult();

  private final FlowFormat format;

  FlowFileDecoder(FlowFormat format) {
    this.format = format;
  }

  /**
   * A decoder for one file. {@code fileName} is used by the Zeek formats to tell which log the file
   * is when its records do not say ({@code smb_files.log}, {@code
   * dce_rpc.16:00:00-17:00:00.log.gz}, {@code json_streaming_smb_mapping.log}); it may be {@code
   * null}.
   */
  public static FlowFileDecoder forFormat(FlowFormat format, String fileName) {
    switch (Objects.requireNonNull(format, "format")) {
      case ZEEK_JSON:
        return new ZeekJsonDecoder(fileName);
      case ZEEK_TSV:
        return new ZeekTsvDecoder(fileName);
      case SURICATA_EVE:
        return new SuricataEveDecoder();
      case CAR_FLOW:
        return new CarFlowDecoder();
      default:
        throw new IllegalArgumentException("unknown format " + format);
    }
  }

  public FlowFormat format() {
    return format;
  }

  /**
   * Decodes {@code b[off, off+len)} (one line without its terminator), read from line {@code line}
   * (1-based) of {@code source}.
   */
  public abstract FlowDecodeResult decode(byte[] b, int off, int len, String source, long line);
}
