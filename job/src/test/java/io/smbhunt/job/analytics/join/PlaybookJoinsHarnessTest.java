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
import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.analytics.SmbRemoteFile2;
import io.smbhunt.job.analytics.SmbRemoteFile4;
import io.smbhunt.job.analytics.SmbRemoteFile5;
import io.smbhunt.udf.event.HostEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * II, IV and V in one keyed operator: every join emits what it emits alone, an event playing in
 * several joins is routed to each under its own key, and state and timers of all of them are gone
 * once the windows have passed.
 */
class PlaybookJoinsHarnessTest {

  private static final String HOST = "WORKSTATION6.theshire.local";
  private static final String LID = "0x4e13b2e";

  private static List<JoinSpec> specs(Profile profile) {
    return List.of(
        new SmbRemoteFile2(profile), new SmbRemoteFile4(profile), new SmbRemoteFile5(profile));
  }

  private static List<HostEvent> events() {
    return List.of(
        connect(T0, HOST, "pgustavo", LID, "IPC$"),
        connect(T0 + SECOND, HOST, "pgustavo", LID, "C$"),
        access(T0 + 2 * SECOND, HOST, "pgustavo", LID, "C$", "ProgramData\\x.exe", "0x2"),
        systemCreate(T0 + 3 * SECOND, HOST, "C:\\ProgramData\\x.exe"),
        connect(T0 + 4 * SECOND, HOST, "pgustavo", "0x99", "IPC$"),
        logoff(T0 + 5 * SECOND, HOST, "0x99"),
        connect(T0 + 6 * SECOND, HOST, "pgustavo", "0x99", "C$"));
  }

  private static KeyedProcessFunction<Long, HostEvent, Detection> alone(
      JoinSpec spec, Profile profile) {
    return profile == Profile.SEED ? new CrossProductJoin(spec) : new WindowedJoin(spec, HOUR);
  }

  @Test
  void eachJoinEmitsWhatItEmitsAloneAndNothingIsLeft() throws Exception {
    for (Profile profile : Profile.values()) {
      List<HostEvent> events = events(); // one set: the helpers number their lines
      List<KeyedProcessFunction<Long, HostEvent, Detection>> joins = new ArrayList<>();
      List<Detection> expected = new ArrayList<>();
      for (JoinSpec spec : specs(profile)) {
        joins.add(alone(spec, profile));
        expected.addAll(runAlone(spec, profile, events));
      }
      assertThat(expected).as("the chains above match").hasSizeGreaterThanOrEqualTo(3);

      try (KeyedOneInputStreamOperatorTestHarness<Long, JoinInput, Detection> harness =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new KeyedProcessOperator<>(new PlaybookJoins(joins)), in -> in.key, Types.LONG)) {
        harness.open();
        List<JoinInput> routed = new ArrayList<>();
        var collector =
            new org.apache.flink.api.common.functions.util.ListCollector<JoinInput>(routed);
        for (HostEvent e : events) {
          PlaybookJoins.routing(specs(profile)).flatMap(e, collector);
        }
        for (JoinInput in : routed) {
          harness.processElement(in, in.event.timestamp);
        }
        harness.processWatermark(T0 + 3 * HOUR);
        assertThat(harness.extractOutputValues())
            .as(profile.id())
            .containsExactlyInAnyOrderElementsOf(expected);
        if (profile == Profile.DEFAULT) {
          assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
          assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
        }
      }
    }
  }

  @Test
  void anEventInSeveralJoinsTravelsOncePerJoinUnderThatJoinsKey() throws Exception {
    List<JoinInput> routed = new ArrayList<>();
    HostEvent ipc = connect(T0, HOST, "pgustavo", LID, "IPC$");
    PlaybookJoins.routing(specs(Profile.DEFAULT))
        .flatMap(ipc, new org.apache.flink.api.common.functions.util.ListCollector<>(routed));
    // II and IV take an IPC$ connect; V (files written by System) does not.
    assertThat(routed).extracting(JoinInput::join).containsExactly(0, 1);
    assertThat(routed)
        .extracting(in -> in.key)
        .containsExactly(
            JoinInput.keyOf(0, new SmbRemoteFile2(Profile.DEFAULT).key(ipc)),
            JoinInput.keyOf(1, new SmbRemoteFile4(Profile.DEFAULT).key(ipc)));
    assertThat(JoinInput.joinOf(routed.get(1).key)).isEqualTo(1);
  }

  private static List<Detection> runAlone(JoinSpec spec, Profile profile, List<HostEvent> events)
      throws Exception {
    try (OneInputStreamOperatorTestHarness<HostEvent, Detection> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(alone(spec, profile)),
            e -> JoinInput.keyOf(0, spec.key(e)),
            Types.LONG)) {
      harness.open();
      for (HostEvent e : events) {
        if (spec.key(e) != null) {
          harness.processElement(e, e.timestamp);
        }
      }
      harness.processWatermark(T0 + 3 * HOUR);
      return harness.extractOutputValues();
    }
  }
}
