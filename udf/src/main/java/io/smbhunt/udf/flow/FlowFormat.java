package io.smbhunt.udf.flow;

/** The archived network-log formats {@link FlowFileDecoder} reads. */
public enum FlowFormat {
  /** Zeek logs written as JSON lines (LogAscii::use_json or corelight json-streaming-logs). */
  ZEEK_JSON,
  /** Zeek's default tab-separated logs with {@code #separator}/{@code #fields} headers. */
  ZEEK_TSV,
  /** Suricata eve.json. */
  SURICATA_EVE,
  /** MITRE CAR's abstract flow model as JSON lines ({@code dest_port}, {@code proto_info}, …). */
  CAR_FLOW
}
