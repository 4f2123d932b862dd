package io.smbhunt.udf.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.smbhunt.udf.flow.FlowRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every class the job keeps in keyed state or sends between operators is a Flink POJO all the way
 * down (Kryo is disabled in the job), and a connection's state survives a checkpoint and restore
 * between any two segments: decoding after a restore gives the same records.
 */
class FlinkStateTest {

  @ParameterizedTest
  @ValueSource(
      classes = {
        SmbConnectionState.class,
        SmbStreamState.class,
        SmbDirectionState.class,
        SmbChunk.class,
        Smb2ConnectionState.class,
        Smb2Tree.class,
        Smb2OpenFile.class,
        Smb2PendingRequest.class,
        TcpSegment.class,
        Packet.class,
        SmbMessage.class,
        SmbFlow.class
      })
  void isAPojoWithoutGenericParts(Class<?> type) {
    TypeInformation<?> info = TypeExtractor.createTypeInfo(type);

    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    assertNoGeneric(info, type.getSimpleName());
  }

  private static void assertNoGeneric(TypeInformation<?> info, String path) {
    assertThat(info).as(path).isNotInstanceOf(GenericTypeInfo.class);
    if (info instanceof PojoTypeInfo) {
      PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
      for (int i = 0; i < pojo.getArity(); i++) {
        assertNoGeneric(
            pojo.getPojoFieldAt(i).getTypeInformation(),
            path + "." + pojo.getPojoFieldAt(i).getField().getName());
      }
    } else if (info instanceof ObjectArrayTypeInfo) {
      assertNoGeneric(((ObjectArrayTypeInfo<?, ?>) info).getComponentInfo(), path + "[]");
    }
  }

  @Test
  void theRealCaptureDecodesAlikeWhenRestoredBeforeEverySegment() {
    List<TcpSegment> segments =
        Captures.segments(Captures.realCaptureBytes(), Captures.SOURCE, new PcapDecodeCounters());
    segments.removeIf(s -> s.srcPort != 445 && s.dstPort != 445);

    assertThat(restoringBeforeEverySegment(segments)).isEqualTo(straight(segments));
  }

  @Test
  void bufferedSegmentsAndPartialMessagesSurviveARestore() {
    Smb2Builder.Conversation c =
        new Smb2Builder.Conversation()
            .handshake()
            .send(0, Smb2Builder.nbss(Smb2Builder.treeConnectRequest(1, "\\\\srv\\C$")), 1460)
            .send(1, Smb2Builder.nbss(Smb2Builder.treeConnectResponse(1, 5, 1, 0)), 1460)
            .send(0, Smb2Builder.nbss(Smb2Builder.createRequest(2, 5, "x.exe")), 1460)
            .send(1, Smb2Builder.nbss(Smb2Builder.createResponse(2, 5, 1, 2, 0)), 1460)
            .send(0, Smb2Builder.nbss(Smb2Builder.writeRequest(3, 5, 1, 2, 90_000, 90_000)), 1448);
    List<TcpSegment> segments = new ArrayList<>(c.segments);
    Collections.swap(segments, 20, 25); // out-of-order chunks are buffered across restores
    Collections.swap(segments, 40, 41);

    List<FlowRecord> expected = straight(segments);
    assertThat(expected).hasSize(3);
    assertThat(restoringBeforeEverySegment(segments)).isEqualTo(expected);
  }

  private static List<FlowRecord> straight(List<TcpSegment> segments) {
    return Captures.records(Captures.flows(segments, new PcapDecodeCounters()));
  }

  /** One state per connection, serialised and read back before each segment, as on restore. */
  private static List<FlowRecord> restoringBeforeEverySegment(List<TcpSegment> segments) {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    TypeSerializer<SmbConnectionState> serializer =
        TypeExtractor.createTypeInfo(SmbConnectionState.class).createSerializer(config);
    java.util.Map<String, byte[]> saved = new java.util.TreeMap<>();
    PcapDecodeCounters c = new PcapDecodeCounters();
    List<SmbFlow> out = new ArrayList<>();
    for (TcpSegment s : segments) {
      byte[] bytes = saved.get(s.connectionKey);
      SmbConnectionState state = bytes == null ? new SmbConnectionState() : read(serializer, bytes);
      SmbConnectionProcessor.onSegment(state, s, c, out);
      saved.put(s.connectionKey, write(serializer, state));
    }
    for (byte[] bytes : saved.values()) {
      SmbConnectionProcessor.close(read(serializer, bytes), c, out);
    }
    return Captures.records(out);
  }

  private static byte[] write(TypeSerializer<SmbConnectionState> s, SmbConnectionState state) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(4096);
      s.serialize(state, out);
      return out.getCopyOfBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SmbConnectionState read(TypeSerializer<SmbConnectionState> s, byte[] bytes) {
    try {
      return s.deserialize(new DataInputDeserializer(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
