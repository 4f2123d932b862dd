package io.smbhunt.udf.flow;

/**
 * The Zeek fields the SMB mapping reads, with the column names they go by. Zeek writes {@code
 * id.orig_h} (one key containing a dot); pipelines that cannot store dotted keys (Elasticsearch
 * ingest, some Logstash configs) rename it {@code id_orig_h} or nest it as {@code
 * {"id":{"orig_h":…}}}. All spellings are accepted everywhere.
 */
enum ZeekField {
  /** JSON only: the log's name, written by json-streaming-logs and most shippers. */
  LOG_PATH("_path"),
  TS("ts"),
  UID("uid"),
  FUID("fuid"),
  ORIG_H("id.orig_h", "id", "orig_h"),
  ORIG_P("id.orig_p", "id", "orig_p"),
  RESP_H("id.resp_h", "id", "resp_h"),
  RESP_P("id.resp_p", "id", "resp_p"),
  ACTION("action"),
  PATH("path"),
  NAME("name"),
  SIZE("size"),
  SHARE_TYPE("share_type"),
  SERVICE("service"),
  NAMED_PIPE("named_pipe"),
  ENDPOINT("endpoint"),
  OPERATION("operation");

  /** The column / top-level key as Zeek names it. */
  final String zeekName;

  /** The same with the dot replaced by an underscore ({@code id_orig_h}), or {@code null}. */
  final String underscoreName;

  /** The nested JSON path ({@code id}, {@code orig_h}), or {@code null}. */
  final String[] nestedPath;

  ZeekField(String zeekName) {
    this.zeekName = zeekName;
    this.underscoreName = null;
    this.nestedPath = null;
  }

  ZeekField(String zeekName, String outer, String inner) {
    this.zeekName = zeekName;
    this.underscoreName = outer + "_" + inner;
    this.nestedPath = new String[] {outer, inner};
  }

  /** Whether a TSV {@code #fields} column name is this field. */
  boolean matchesColumn(String column) {
    return zeekName.equals(column) || column.equals(underscoreName);
  }
}
