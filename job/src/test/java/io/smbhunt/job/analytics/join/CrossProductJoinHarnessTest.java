package io.smbhunt.job.analytics.join;

import static io.smbhunt.job.analytics.HostEvents.HOUR;
import static io.smbhunt.job.analytics.HostEvents.T0;
import static io.smbhunt.job.analytics.HostEvents.access;
import static io.smbhunt.job.analytics.HostEvents.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.analytics.Detections;
import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.analytics.SmbRemoteFile2;
import io.smbhunt.job.analytics.SmbRemoteFile4;
import io.smbhunt.udf.event.HostEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The seed profile's join gives pd.merge's row multiplicity, whatever the arrival order. */
class CrossProductJoinHarnessTest {

  private static List<Detection> run(JoinSpec spec, List<HostEvent> events) throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<Long, HostEvent, Detection> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new CrossProductJoin(spec)),
            e -> JoinInput.keyOf(0, spec.key(e)),
            Types.LONG)) {
      harness.open();
      for (HostEvent e : events) {
        if (spec.key(e) != null) { // the pipeline routes only these to the join
          harness.processElement(e, e.timestamp);
        }
      }
      harness.processWatermark(Long.MAX_VALUE);
      assertThat(harness.numEventTimeTimers()).isZero();
      return harness.extractOutputValues();
    }
  }

  @Test
  void emitsTheCrossProductPerLogonIdAcrossHostsAndTime() throws Exception {
    HostEvent ipc1 = connect(T0, "A", "u", "0x1", "IPC$");
    HostEvent ipc2 = connect(T0 + 5 * HOUR, "B", "u", "0x1", "IPC$");
    HostEvent c1 = connect(T0 + 1, "A", "u", "0x1", "C$");
    HostEvent c2 = connect(T0 + 2, "C", "u", "0x1", "C$");
    HostEvent c3 = connect(T0 - 48 * HOUR, "A", "u", "0x1", "C$");
    HostEvent machine = connect(T0, "A", "WS6$", "0x1", "C$");
    HostEvent otherSession = connect(T0, "A", "u", "0x2", "C$");
    List<HostEvent> events = List.of(ipc1, c1, machine, ipc2, c2, otherSession, c3);
    SmbRemoteFile2 spec = new SmbRemoteFile2(Profile.SEED);

    List<Detection> expected = new ArrayList<>();
    for (HostEvent ipc : List.of(ipc1, ipc2)) {
      for (HostEvent c : List.of(c1, c2, c3)) {
        expected.add(Detections.fromHostEvent(SmbRemoteFile2.INFO, c, ipc));
      }
    }
    assertThat(run(spec, events)).containsExactlyInAnyOrderElementsOf(expected);
    List<HostEvent> reversed = new ArrayList<>(events);
    java.util.Collections.reverse(reversed);
    assertThat(run(spec, reversed)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void aMissingLogonIdIsOneKeyAsNanIsInPandasMerge() throws Exception {
    HostEvent ipc = connect(T0, "A", "u", null, "IPC$");
    HostEvent c = connect(T0, "B", "WS$", null, "C$"); // IV's C$ side takes any user
    HostEvent w1 = access(T0, "B", "u", null, "C$", "a.exe", "0x2");
    HostEvent w2 = access(T0, "C", "v", null, "C$", "b.exe", "0x2");
    HostEvent notExact = access(T0, "C", "v", null, "C$", "c.exe", "0x17019f");

    List<Detection> out = run(new SmbRemoteFile4(Profile.SEED), List.of(w1, ipc, notExact, c, w2));
    assertThat(out)
        .containsExactlyInAnyOrder(
            Detections.fromHostEvent(SmbRemoteFile4.INFO, w1, ipc, c),
            Detections.fromHostEvent(SmbRemoteFile4.INFO, w2, ipc, c));
  }
}
