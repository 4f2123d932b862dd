package io.smbhunt.job.analytics.join;

import static io.smbhunt.job.analytics.HostEvents.HOUR;
import static io.smbhunt.job.analytics.HostEvents.SECOND;
import static io.smbhunt.job.analytics.HostEvents.access;
import static io.smbhunt.job.analytics.HostEvents.connect;
import static io.smbhunt.job.analytics.HostEvents.logoff;
import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.analytics.Detections;
import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.analytics.SmbRemoteFile2;
import io.smbhunt.job.analytics.SmbRemoteFile4;
import io.smbhunt.job.read.ContextFiles;
import io.smbhunt.udf.event.HostEvent;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The default profile's join in a nightly run of 2020-09-23 that reads 2020-09-22 as context: a
 * trigger of the day before is that day's hunt's to report, unless only this day completes it.
 */
class WindowedJoinContextTest {

  private static final String HOST = "WORKSTATION6.theshire.local";
  private static final String LID = "0x4e13b2e";
  private static final String DAY_BEFORE = "/archive/2020/09/22";
  private static final String DAY = "/archive/2020/09/23";
  private static final ContextFiles NIGHTLY =
      ContextFiles.of(List.of(new Path(DAY)), List.of(new Path(DAY_BEFORE)));

  private static HostEvent connectAt(String time, String share, String folder) {
    HostEvent e =
        connect(Instant.parse("2020-09-2" + time).toEpochMilli(), HOST, "pgustavo", LID, share);
    e.source = folder + "/security.json";
    return e;
  }

  private static List<Detection> join(ContextFiles context, HostEvent... events) throws Exception {
    return join(new SmbRemoteFile2(Profile.DEFAULT), HOUR, context, events);
  }

  private static List<Detection> join(
      JoinSpec spec, long window, ContextFiles context, HostEvent... events) throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<Long, HostEvent, Detection> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new WindowedJoin(spec, window, context)),
            e -> JoinInput.keyOf(0, spec.key(e)),
            Types.LONG)) {
      harness.open();
      for (HostEvent e : events) {
        harness.processElement(e, e.timestamp);
      }
      harness.processWatermark(Long.MAX_VALUE);
      assertThat(harness.numKeyedStateEntries()).isZero();
      return harness.extractOutputValues();
    }
  }

  @Test
  void aTriggerOfTheDayBeforeThatItsOwnEventsCompleteIsLeftToThatDay() throws Exception {
    HostEvent ipcBefore = connectAt("2T23:30:00Z", "IPC$", DAY_BEFORE);
    HostEvent admin = connectAt("2T23:59:00Z", "C$", DAY_BEFORE);
    HostEvent ipcAfter = connectAt("3T00:01:00Z", "IPC$", DAY);

    // The 22nd's own hunt, which does not see the 23rd, pairs the C$ connect with 23:30.
    assertThat(join(ContextFiles.NONE, ipcBefore, admin))
        .containsExactly(Detections.fromHostEvent(SmbRemoteFile2.INFO, admin, ipcBefore));
    // Both days as one input would pair it with the nearer 00:01 connect: a second row for the
    // same trigger, which the 23rd's hunt must not report.
    assertThat(join(ContextFiles.NONE, ipcBefore, admin, ipcAfter))
        .containsExactly(Detections.fromHostEvent(SmbRemoteFile2.INFO, admin, ipcAfter));
    assertThat(join(NIGHTLY, ipcBefore, admin, ipcAfter)).isEmpty();
  }

  @Test
  void aLogoffInThisDaysFilesDoesNotUndoWhatTheDayBeforeFoundAlone() throws Exception {
    // Files are days of collection, not of event time: a logoff logged in the 23rd's file may fall
    // between two events of the 22nd's. The 22nd's hunt, which did not see it, reported the chain.
    HostEvent ipcBefore = connectAt("2T23:30:00Z", "IPC$", DAY_BEFORE);
    HostEvent admin = connectAt("2T23:59:00Z", "C$", DAY_BEFORE);
    HostEvent lateLogoff = logoff(Instant.parse("2020-09-22T23:45:00Z").toEpochMilli(), HOST, LID);
    lateLogoff.source = DAY + "/security.json";
    HostEvent ipcAfter = connectAt("3T00:01:00Z", "IPC$", DAY);

    assertThat(join(ContextFiles.NONE, ipcBefore, admin)).hasSize(1);
    assertThat(join(NIGHTLY, ipcBefore, admin, lateLogoff, ipcAfter)).isEmpty();
  }

  @Test
  void aTriggerOfTheDayBeforeThatOnlyThisDayCompletesIsReportedHere() throws Exception {
    HostEvent admin = connectAt("2T23:59:00Z", "C$", DAY_BEFORE);
    HostEvent ipcAfter = connectAt("3T00:01:00Z", "IPC$", DAY);

    assertThat(join(ContextFiles.NONE, admin)).isEmpty(); // the 22nd's hunt: no row
    assertThat(join(NIGHTLY, admin, ipcAfter))
        .containsExactly(Detections.fromHostEvent(SmbRemoteFile2.INFO, admin, ipcAfter));
  }

  @Test
  void triggersOfTheDayItselfAreDecidedAsWithoutContext() throws Exception {
    HostEvent ipcBefore = connectAt("2T23:58:00Z", "IPC$", DAY_BEFORE);
    HostEvent admin = connectAt("3T00:00:30Z", "C$", DAY);

    assertThat(join(NIGHTLY, ipcBefore, admin))
        .containsExactly(Detections.fromHostEvent(SmbRemoteFile2.INFO, admin, ipcBefore));
  }

  @Test
  void nearestPartnersOfTwoChainsMayAllBeTheDayBeforesThoughItsEventsAloneMatchNone()
      throws Exception {
    // A write at 23:59:00 on the 22nd, a one-minute window. Two chains match it, each with an
    // event of the 23rd's files: (IPC$ -50 s, C$ -55 s) and (IPC$ +55 s, C$ +50 s). The nearest
    // IPC$ (-50 s) and C$ (+50 s) are both the 22nd's, but together they span 100 s: no chain of
    // the 22nd's events alone, so the 22nd's hunt reported nothing and this row is the 23rd's,
    // though its evidence is all the 22nd's (why OwnEvidence keeps these analytics' rows).
    long t = Instant.parse("2020-09-22T23:59:00Z").toEpochMilli();
    HostEvent write = access(t, HOST, "pgustavo", LID, "C$", "x.exe", "0x2");
    write.source = DAY_BEFORE + "/security.json";
    HostEvent ipcBefore = connectAt("2T23:58:10Z", "IPC$", DAY_BEFORE);
    HostEvent adminBefore = connectAt("2T23:58:05Z", "C$", DAY);
    HostEvent ipcAfter = connectAt("2T23:59:55Z", "IPC$", DAY);
    HostEvent adminAfter = connectAt("2T23:59:50Z", "C$", DAY_BEFORE);
    SmbRemoteFile4 spec = new SmbRemoteFile4(Profile.DEFAULT);

    assertThat(join(spec, 60 * SECOND, ContextFiles.NONE, write, ipcBefore, adminAfter)).isEmpty();
    assertThat(
            join(spec, 60 * SECOND, NIGHTLY, write, ipcBefore, adminBefore, ipcAfter, adminAfter))
        .containsExactly(
            Detections.fromHostEvent(SmbRemoteFile4.INFO, write, ipcBefore, adminAfter));
  }
}
