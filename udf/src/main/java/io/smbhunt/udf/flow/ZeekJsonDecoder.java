package io.smbhunt.udf.flow;

import static io.smbhunt.udf.flow.FlowDecodeResult.UNKNOWN_ZEEK_LOG;
import static io.smbhunt.udf.flow.FlowDecodeResult.WRONG_TYPE;

/**
 * Zeek logs as JSON lines. Which log a line belongs to comes from its {@code _path} (a file may mix
 * logs when a shipper merged them), else from the file name, else from its fields (see {@link
 * ZeekLog}); lines of other logs ({@code _path} {@code conn}, {@code smb_cmd}, …) are NOT_RELEVANT.
 * Fields that Zeek never set are simply absent in JSON, and {@code ts} may be an ISO string or an
 * epoch-seconds number. The mapping itself is {@link ZeekRowMapper}'s.
 */
final class ZeekJsonDecoder extends FlowFileDecoder implements ZeekRowMapper.Values {

  private final ZeekRepeats repeats = new ZeekRepeats();

  /** Every mapped field; checked for wrong JSON types before mapping. */
  private static final ZeekField[] MAPPED = mapped();

  private final JsonFields<ZeekField> fields;
  private final ZeekLog fileLog;

  ZeekJsonDecoder(String fileName) {
    super(FlowFormat.ZEEK_JSON);
    this.fileLog = ZeekLog.fromFileName(fileName);
    JsonFields.Builder<ZeekField> b = JsonFields.builder(ZeekField.class);
    for (ZeekField f : ZeekField.values()) {
      b.add(f, f.zeekName);
      if (f.underscoreName != null) {
        b.add(f, f.underscoreName);
        b.add(f, f.nestedPath);
      }
    }
    this.fields = b.build();
  }

  @Override
  public FlowDecodeResult decode(byte[] b, int off, int len, String source, long line) {
    if (!fields.scan(b, off, len)) {
      return result.quarantine(fields.error(), fields.errorDetail());
    }
    ZeekLog log;
    if (fields.has(ZeekField.LOG_PATH)) {
      log = logFromPath();
      if (log == null) {
        return result.notRelevant(); // another Zeek log: conn, dns, smb_cmd, …
      }
    } else {
      log = fileLog != null ? fileLog : logFromFields();
      if (log == null) {
        return result.quarantine(
            UNKNOWN_ZEEK_LOG,
            "no _path, a file name that names no SMB log, and none of action / share_type /"
                + " service / endpoint / operation / named_pipe");
      }
    }
    ZeekField wrong = fields.firstWrongType(MAPPED);
    if (wrong != null) {
      return result.quarantine(
          WRONG_TYPE, fields.name(wrong) + " is an object, array or boolean, not text");
    }
    return ZeekRowMapper.map(log, this, repeats, source, line, result);
  }

  @Override
  public String get(ZeekField f) {
    return fields.text(f);
  }

  /** Compares {@code _path} byte-wise, so lines of other logs cost no allocation. */
  private ZeekLog logFromPath() {
    for (ZeekLog log : ZeekLog.values()) {
      if (fields.equalsIgnoreCase(ZeekField.LOG_PATH, log.pathBytes)) {
        return log;
      }
    }
    return null;
  }

  private ZeekLog logFromFields() {
    return ZeekLog.fromFields(
        fields.has(ZeekField.ACTION),
        fields.has(ZeekField.SHARE_TYPE) || fields.has(ZeekField.SERVICE),
        fields.has(ZeekField.ENDPOINT)
            || fields.has(ZeekField.OPERATION)
            || fields.has(ZeekField.NAMED_PIPE));
  }

  private static ZeekField[] mapped() {
    ZeekField[] all = ZeekField.values();
    ZeekField[] out = new ZeekField[all.length - 1];
    int k = 0;
    for (ZeekField f : all) {
      if (f != ZeekField.LOG_PATH) {
        out[k++] = f;
      }
    }
    return out;
  }
}
