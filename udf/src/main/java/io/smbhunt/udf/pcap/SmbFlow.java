package io.smbhunt.udf.pcap;

import io.smbhunt.udf.flow.FlowRecord;

/**
 * A flow record decoded from a capture, with the key that identifies the SMB request behind it, so
 * the job can report a request seen by two sensors (two captures of one flow) once.
 *
 * <p>A Flink POJO.
 */
public class SmbFlow {

  /** The record in the flow model every other sensor is decoded into. */
  public FlowRecord record;

  /** {@link SmbDedupKey#of}: connection, session, message and command of the request. */
  public String dedupKey;

  public SmbFlow() {}

  public SmbFlow(FlowRecord record, String dedupKey) {
    this.record = record;
    this.dedupKey = dedupKey;
  }
}
