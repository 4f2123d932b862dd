package io.smbhunt.job.analytics.join;

import static io.smbhunt.job.analytics.HostEvents.HOUR;
import static io.smbhunt.job.analytics.HostEvents.SECOND;
import static io.smbhunt.job.analytics.HostEvents.T0;
import static io.smbhunt.job.analytics.HostEvents.access;
import static io.smbhunt.job.analytics.HostEvents.connect;
import static io.smbhunt.job.analytics.HostEvents.logoff;
import static io.smbhunt.job.analytics.HostEvents.systemCreate;
import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.analytics.Detections;
import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.analytics.SmbRemoteFile4;
import io.smbhunt.job.analytics.SmbRemoteFile5;
import io.smbhunt.udf.event.HostEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The default profile's windowed join, one operator under a test harness: what it emits, and that a
 * key's state and timers are gone once its window has passed or its session has ended.
 */
class WindowedJoinHarnessTest {

  private static final String HOST = "WORKSTATION6.theshire.local";
  private static final String LID = "0x4e13b2e";

  private KeyedOneInputStreamOperatorTestHarness<Long, HostEvent, Detection> harness;

  private void open(JoinSpec spec, long window) throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new WindowedJoin(spec, window)),
            e -> JoinInput.keyOf(0, spec.key(e)),
            Types.LONG);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void send(HostEvent... events) throws Exception {
    for (HostEvent e : events) {
      harness.processElement(e, e.timestamp);
    }
  }

  private void assertNothingLeft() {
    assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
    assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
  }

  @Test
  void theEvidenceOfTwoEquallyNearEventsDoesNotDependOnTheirLineOrder() throws Exception {
    for (boolean reversed : new boolean[] {false, true}) {
      open(new SmbRemoteFile4(Profile.DEFAULT), HOUR);
      HostEvent fromPort1001 = connect(T0, HOST, "pgustavo", LID, "IPC$");
      HostEvent fromPort1002 = connect(T0, HOST, "pgustavo", LID, "IPC$");
      fromPort1001.ipPort = "1001";
      fromPort1002.ipPort = "1002";
      // The same two lines of one file, in one order and then the other.
      fromPort1001.line = reversed ? 2 : 1;
      fromPort1002.line = reversed ? 1 : 2;
      HostEvent admin = connect(T0 + SECOND, HOST, "pgustavo", LID, "C$");
      HostEvent write = access(T0 + 2 * SECOND, HOST, "pgustavo", LID, "C$", "x.exe", "0x2");
      send(fromPort1002, fromPort1001, admin, write);
      harness.processWatermark(Long.MAX_VALUE);
      List<Detection> out = harness.extractOutputValues();
      assertThat(out).hasSize(1);
      assertThat(out.get(0).evidence)
          .extracting(ev -> ev.line)
          .as("reversed: %s", reversed)
          .contains(fromPort1001.line)
          .doesNotContain(fromPort1002.line);
      harness.close();
    }
    open(new SmbRemoteFile4(Profile.DEFAULT), HOUR); // for close()
  }

  @Test
  void reportsTheWriteOfACompleteChainWithTheNearestStagesAndThenForgetsTheKey() throws Exception {
    open(new SmbRemoteFile4(Profile.DEFAULT), HOUR);
    HostEvent ipcEarly = connect(T0 - 20 * SECOND, HOST, "pgustavo", LID, "IPC$");
    HostEvent ipc = connect(T0, HOST, "pgustavo", LID, "IPC$");
    HostEvent admin = connect(T0 + SECOND, HOST, "pgustavo", LID, "C$");
    HostEvent write = access(T0 + 2 * SECOND, HOST, "pgustavo", LID, "C$", "x.exe", "0x2");
    send(write, admin, ipcEarly, ipc); // stages need not arrive in time order

    harness.processWatermark(write.timestamp + HOUR - 1);
    assertThat(harness.extractOutputValues()).isEmpty(); // a partner could still arrive

    harness.processWatermark(write.timestamp + HOUR);
    assertThat(harness.extractOutputValues())
        .containsExactly(Detections.fromHostEvent(SmbRemoteFile4.INFO, write, ipc, admin));
    assertThat(harness.numKeyedStateEntries()).isPositive(); // partners may serve later writes

    harness.processWatermark(T0 + 3 * HOUR);
    assertNothingLeft();
  }

  @Test
  void aChainThatNeverCompletesLeavesNothingBehind() throws Exception {
    open(new SmbRemoteFile4(Profile.DEFAULT), HOUR);
    send(
        connect(T0, HOST, "pgustavo", LID, "IPC$"),
        access(T0 + SECOND, HOST, "pgustavo", LID, "C$", "x.exe", "0x2"));

    harness.processWatermark(T0 + 3 * HOUR);
    assertThat(harness.extractOutputValues()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void aLogoffEndsTheSessionAndItsState() throws Exception {
    open(new SmbRemoteFile4(Profile.DEFAULT), HOUR);
    send(
        connect(T0, HOST, "pgustavo", LID, "IPC$"),
        connect(T0 + SECOND, HOST, "pgustavo", LID, "C$"),
        logoff(T0 + 2 * SECOND, HOST, LID));

    harness.processWatermark(T0 + 2 * SECOND);
    assertNothingLeft();

    // The same logon id after the logoff starts afresh: no chain across the logoff.
    send(access(T0 + 3 * SECOND, HOST, "pgustavo", LID, "C$", "x.exe", "0x2"));
    harness.processWatermark(T0 + 3 * HOUR);
    assertThat(harness.extractOutputValues()).isEmpty();
    assertNothingLeft();
  }

  @Test
  void aLogoffInTheSameMillisecondDoesNotSeparateAndTheWindowIsInclusive() throws Exception {
    open(new SmbRemoteFile4(Profile.DEFAULT), HOUR);
    HostEvent ipc = connect(T0, HOST, "pgustavo", LID, "IPC$");
    HostEvent admin = connect(T0 + HOUR, HOST, "pgustavo", LID, "C$");
    HostEvent write = access(T0 + HOUR, HOST, "pgustavo", LID, "C$", "x.exe", "0x17019f");
    HostEvent tooLate = access(T0 + HOUR + 1, HOST, "pgustavo", LID, "C$", "y.exe", "0x2");
    send(ipc, admin, write, logoff(T0 + HOUR, HOST, LID), tooLate);

    harness.processWatermark(Long.MAX_VALUE);
    assertThat(harness.extractOutputValues())
        .containsExactly(Detections.fromHostEvent(SmbRemoteFile4.INFO, write, ipc, admin));
    assertNothingLeft();
  }

  @Test
  void everythingIsDecidedWhenTheWatermarkJumpsToTheEndAsInBatchMode() throws Exception {
    open(new SmbRemoteFile5(Profile.DEFAULT), 10 * 60 * SECOND);
    HostEvent write = access(T0, HOST, "pgustavo", LID, "C$", "ProgramData\\GruntHTTP.exe", "0x2");
    // One machine, named as WEF names it in the Security log and as a Sysmon shipper may.
    HostEvent create = systemCreate(T0 + SECOND, "workstation6", "C:\\ProgramData\\grunthttp.EXE");
    HostEvent otherHost =
        systemCreate(T0, "WORKSTATION5.theshire.local", "C:\\ProgramData\\GruntHTTP.exe");
    send(create, otherHost, write);

    harness.processWatermark(Long.MAX_VALUE);
    List<Detection> out = harness.extractOutputValues();
    assertThat(out).containsExactly(Detections.fromHostEvent(SmbRemoteFile5.INFO, write, create));
    assertNothingLeft();
  }
}
