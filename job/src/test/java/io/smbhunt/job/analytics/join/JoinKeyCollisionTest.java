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
import io.smbhunt.job.analytics.SmbRemoteFile2;
import io.smbhunt.job.analytics.SmbRemoteFile4;
import io.smbhunt.job.analytics.SmbRemoteFile5;
import io.smbhunt.udf.event.HostEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The joins are keyed by a hash of the join key ({@link JoinInput}). When join keys share a hash
 * their events share a Flink key: the rows must be those of separate keys. Here every event is put
 * under one Flink key, with sessions and files that would wrongly meet if the joins did not keep
 * join keys apart: a C$ connect and a write without an IPC$ connect in their own session, a logoff
 * of another session inside a complete chain, a write and a System create of different files.
 */
class JoinKeyCollisionTest {

  private static final String HOST = "WS1.corp.local";

  private record Case(List<HostEvent> events, List<Detection> expected) {}

  private static Case scenario() {
    HostEvent lonelyIpc = connect(T0 + 10 * SECOND, HOST, "u", "0xa1", "IPC$");
    HostEvent lonelyAdmin = connect(T0 + 11 * SECOND, HOST, "u", "0xb2", "C$");
    HostEvent lonelyWrite =
        access(T0 + 12 * SECOND, HOST, "u", "0xb2", "C$", "ProgramData\\z.exe", "0x2");
    HostEvent otherCreate = systemCreate(T0 + 13 * SECOND, HOST, "C:\\ProgramData\\q.exe");
    HostEvent ipc = connect(T0 + 20 * SECOND, HOST, "u", "0xc3", "IPC$");
    HostEvent otherLogoff = logoff(T0 + 21 * SECOND, HOST, "0xd4");
    HostEvent admin = connect(T0 + 22 * SECOND, HOST, "u", "0xc3", "C$");
    HostEvent write =
        access(T0 + 23 * SECOND, HOST, "u", "0xc3", "C$", "ProgramData\\y.exe", "0x2");
    HostEvent create = systemCreate(T0 + 24 * SECOND, HOST, "C:\\ProgramData\\y.exe");
    return new Case(
        List.of(
            lonelyIpc,
            lonelyAdmin,
            lonelyWrite,
            otherCreate,
            ipc,
            otherLogoff,
            admin,
            write,
            create),
        List.of(
            Detections.fromHostEvent(SmbRemoteFile2.INFO, admin, ipc),
            Detections.fromHostEvent(SmbRemoteFile4.INFO, write, ipc, admin),
            Detections.fromHostEvent(SmbRemoteFile5.INFO, write, create)));
  }

  private static List<JoinSpec> specs(Profile profile) {
    return List.of(
        new SmbRemoteFile2(profile), new SmbRemoteFile4(profile), new SmbRemoteFile5(profile));
  }

  @Test
  void joinKeysSharingOneFlinkKeyGiveTheRowsOfSeparateKeys() throws Exception {
    for (Profile profile : Profile.values()) {
      Case c = scenario();
      List<Detection> separate = new ArrayList<>();
      List<Detection> shared = new ArrayList<>();
      for (JoinSpec spec : specs(profile)) {
        separate.addAll(run(profile, spec, c.events(), e -> JoinInput.keyOf(0, spec.key(e))));
        shared.addAll(run(profile, spec, c.events(), e -> 0L));
      }
      assertThat(separate).as(profile.id()).containsExactlyInAnyOrderElementsOf(c.expected());
      assertThat(shared).as(profile.id()).containsExactlyInAnyOrderElementsOf(c.expected());
    }
  }

  @Test
  void flinkKeysAreStableAndCarryTheirJoin() {
    // Savepoints depend on this value (checked with a Python FNV-1a + fmix64 of the same text).
    assertThat(JoinInput.keyOf(0, "ws1.corp.local\u00000xc3")).isEqualTo(-7794487337160942176L);
    for (int join = 0; join < JoinInput.MAX_JOINS; join++) {
      assertThat(JoinInput.joinOf(JoinInput.keyOf(join, "x"))).isEqualTo(join);
    }
    assertThat(JoinInput.keyOf(1, "x")).isNotEqualTo(JoinInput.keyOf(2, "x"));
  }

  private static List<Detection> run(
      Profile profile, JoinSpec spec, List<HostEvent> events, KeySelector<HostEvent, Long> keys)
      throws Exception {
    KeyedProcessFunction<Long, HostEvent, Detection> join =
        profile == Profile.SEED ? new CrossProductJoin(spec) : new WindowedJoin(spec, HOUR);
    try (KeyedOneInputStreamOperatorTestHarness<Long, HostEvent, Detection> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(join), keys, Types.LONG)) {
      harness.open();
      for (HostEvent e : events) {
        if (spec.key(e) != null) { // the pipeline routes only these to the join
          harness.processElement(e, e.timestamp);
        }
      }
      harness.processWatermark(T0 + 3 * HOUR);
      if (profile == Profile.DEFAULT) {
        assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
      }
      assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
      return harness.extractOutputValues();
    }
  }
}
