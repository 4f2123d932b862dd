package io.smbhunt.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.job.analytics.join.JoinInput;
import io.smbhunt.job.analytics.join.JoinInputSerializer;
import io.smbhunt.udf.event.HostEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Every field of an event (and of a routed join input) survives the wire, nulls included. */
class HostEventSerializerTest {

  static HostEvent full() {
    HostEvent e = new HostEvent();
    e.source = "/archive/2020/09/22/events.json.gz";
    e.line = 123_456_789_012L;
    e.timestamp = 1_600_800_812_341L;
    e.eventId = 5145;
    e.channel = "Security";
    e.host = "WORKSTATION6.theshire.local";
    e.subjectUserName = "pgustavo";
    e.subjectLogonId = "0x4e13b2e";
    e.targetLogonId = "0x1";
    e.shareName = "\\\\*\\C$";
    e.relativeTargetName = "ProgramData\\GruntHTTP.exe — ünïcode ☃";
    e.accessMaskText = "0x2";
    e.accessMask = 2;
    e.ipAddress = "172.18.39.5";
    e.ipPort = "62782";
    e.image = "System";
    e.targetFilename = "C:\\ProgramData\\GruntHTTP.exe";
    return e;
  }

  /** A logoff: only its id, time and host, the rest null. */
  static HostEvent logoff() {
    HostEvent e = new HostEvent();
    e.eventId = 4634;
    e.timestamp = 1L;
    e.host = "h";
    return e;
  }

  @Test
  void everyFieldRoundTripsAndNullsStayNull() throws IOException {
    HostEvent logoff = logoff();
    for (HostEvent e : List.of(full(), logoff, new HostEvent())) {
      assertThat(roundTrip(HostEventSerializer.INSTANCE, e)).isEqualTo(e).isNotSameAs(e);
      assertThat(HostEventSerializer.INSTANCE.copy(e)).isSameAs(e); // never changed after decode
    }
  }

  @Test
  void aJoinInputKeepsItsJoinKeyAndEvent() throws IOException {
    JoinInput in = new JoinInput();
    in.key = JoinInput.keyOf(2, "workstation6.theshire.local\u0000grunthttp.exe");
    in.event = full();
    JoinInput back = roundTrip(JoinInputSerializer.INSTANCE, in);
    assertThat(back.join()).isEqualTo(2);
    assertThat(back.key).isEqualTo(in.key);
    assertThat(back.event).isEqualTo(in.event);
  }

  @Test
  void aSavepointsSerializerIsTheSameOne() throws IOException {
    TypeSerializerSnapshot<HostEvent> snapshot =
        HostEventSerializer.INSTANCE.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    snapshot.writeSnapshot(out);
    TypeSerializerSnapshot<HostEvent> restored = new HostEventSerializer.Snapshot();
    restored.readSnapshot(
        snapshot.getCurrentVersion(),
        new DataInputDeserializer(out.getCopyOfBuffer()),
        getClass().getClassLoader());
    assertThat(restored.restoreSerializer()).isSameAs(HostEventSerializer.INSTANCE);
    assertThat(
            HostEventSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs())
        .isTrue();
  }

  /**
   * The joins keep events in keyed state, so a savepoint of a long-running {@code --watch} job
   * holds them in this serializer's format, and its snapshot restores the current serializer as it
   * is. Changing the format without a new snapshot version would read an earlier savepoint as
   * garbage: this pins the bytes of the first version.
   */
  @Test
  void theFormatOfStateInSavepointsIsPinned() throws IOException {
    String pinned;
    try (InputStream in = getClass().getResourceAsStream("/state/host-event-v1.hex")) {
      pinned =
          new String(in.readAllBytes(), StandardCharsets.US_ASCII)
              .lines()
              .filter(l -> !l.startsWith("#"))
              .collect(Collectors.joining());
    }
    HostEvent logoff = logoff();
    DataOutputSerializer out = new DataOutputSerializer(64);
    HostEventSerializer.INSTANCE.serialize(full(), out);
    HostEventSerializer.INSTANCE.serialize(logoff, out);

    assertThat(HexFormat.of().formatHex(out.getCopyOfBuffer()))
        .as("HostEventSerializer's format changed: give its snapshot a new version that reads v1")
        .isEqualTo(pinned);
    DataInputDeserializer in = new DataInputDeserializer(HexFormat.of().parseHex(pinned));
    assertThat(HostEventSerializer.INSTANCE.deserialize(in)).isEqualTo(full());
    assertThat(HostEventSerializer.INSTANCE.deserialize(in)).isEqualTo(logoff);
    assertThat(in.available()).isZero();
  }

  private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    serializer.serialize(value, out); // records follow each other on the wire
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    T first = serializer.deserialize(in);
    assertThat(serializer.deserialize(in)).usingRecursiveComparison().isEqualTo(first);
    assertThat(in.available()).isZero();
    return first;
  }
}
