package io.smbhunt.job.write;

import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.analytics.Evidence;
import io.smbhunt.job.decode.QuarantineRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Rows that exercise every column shape: nulls, empty and multi-entry lists, date edges. */
final class Fixtures {

  static final long BEFORE_MIDNIGHT = millis("2024-03-01T23:59:59.999Z");
  static final long AFTER_MIDNIGHT = millis("2024-03-02T00:00:00.000Z");
  static final long LEAP_DAY = millis("2024-02-29T12:34:56.789Z");

  private Fixtures() {}

  static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  /** Every column set, three evidence entries, one of them a flow record without an EventID. */
  static Detection full() {
    Detection d = new Detection();
    d.analyticId = "smb_remote_service";
    d.title = "Service created over SMB";
    d.attackTechniques = new String[] {"T1021.002", "T1569.002"};
    d.severity = "high";
    d.eventTime = BEFORE_MIDNIGHT;
    d.host = "WS-017.corp.example";
    d.user = "CORP\\jörg.admin";
    d.logonId = "0x3e7a1f";
    d.srcIp = "10.1.2.3";
    d.srcPort = 49_731;
    d.dstIp = "10.1.9.9";
    d.dstPort = 445;
    d.share = "\\\\*\\ADMIN$";
    d.target = "PSEXESVC.exe";
    d.detail = "svcctl CreateServiceW";
    d.evidence =
        new Evidence[] {
          new Evidence("sec/2024-03-01.json.gz", 1_234_567_890_123L, BEFORE_MIDNIGHT, 7045),
          new Evidence("sec/2024-03-01.json.gz", 17, BEFORE_MIDNIGHT - 1_500, 5145),
          new Evidence("zeek/smb.log", 3, BEFORE_MIDNIGHT - 2_000, null)
        };
    return d;
  }

  /** Just after midnight UTC; empty lists, a null list element and most columns null. */
  static Detection sparse() {
    Detection d = new Detection();
    d.analyticId = "smb_remote_service";
    d.attackTechniques = new String[] {"T1021.002", null};
    d.eventTime = AFTER_MIDNIGHT;
    d.host = "WS-018";
    d.dstPort = 445;
    d.evidence = new Evidence[0];
    return d;
  }

  /** Only the required columns; null (not empty) lists. */
  static Detection minimal() {
    Detection d = new Detection();
    d.analyticId = "smb_admin_share";
    d.eventTime = LEAP_DAY;
    return d;
  }

  /** An event before 1970, to pin the sign handling of epoch milliseconds. */
  static Detection preEpoch() {
    Detection d = new Detection();
    d.analyticId = "smb_admin_share";
    d.attackTechniques = new String[0];
    d.eventTime = millis("1969-12-31T23:59:59.001Z");
    d.srcPort = 0;
    d.evidence = new Evidence[] {new Evidence(null, 0, -999, -1)};
    return d;
  }

  static List<Detection> detections() {
    return List.of(full(), sparse(), minimal(), preEpoch());
  }

  /** Enough rows over several analytics and days that both sink subtasks get work. */
  static List<Detection> manyDetections() {
    List<Detection> rows = new ArrayList<>(detections());
    for (int i = 0; i < 60; i++) {
      Detection d = full();
      d.analyticId = i % 3 == 0 ? "smb_admin_share" : "smb_named_pipe";
      // Spread over 5 days, and cross midnight UTC every few rows.
      d.eventTime = AFTER_MIDNIGHT + (i % 5) * 86_400_000L - (i % 2);
      d.logonId = "0x" + Integer.toHexString(i);
      d.evidence = new Evidence[] {new Evidence("sec/x.json", i + 1, d.eventTime, 5140)};
      rows.add(d);
    }
    return rows;
  }

  static List<QuarantineRecord> quarantine() {
    return List.of(
        new QuarantineRecord(
            "sec/2024-03-01.json.gz", 42, "invalid_json", "unexpected '}' at 17", "{\"a\":}", 6),
        new QuarantineRecord(
            "sec/x.json", 5_000_000_000L, "invalid_utf8", "byte 0xC3 at 3", "ab\uFFFD", 4),
        new QuarantineRecord("big.json", 1, "line_too_long", null, null, 9_999_999_999L));
  }
}
