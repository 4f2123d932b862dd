package io.smbhunt.job.decode;

import io.smbhunt.job.types.ImmutableRecordSerializer;
import io.smbhunt.job.types.SerializerTypeInfo;
import io.smbhunt.udf.event.HostEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Flink's serializer for a decoded {@link HostEvent}: the used events go through the chained
 * per-event analytics, into the join shuffle, the BATCH sort and (streaming) the joins' state.
 * Strings use Flink's own encoding, which also carries {@code null}.
 */
public final class HostEventSerializer extends ImmutableRecordSerializer<HostEvent> {

  private static final long serialVersionUID = 1L;

  public static final HostEventSerializer INSTANCE = new HostEventSerializer();

  public static final TypeInformation<HostEvent> TYPE =
      new SerializerTypeInfo<>(HostEvent.class, INSTANCE);

  @Override
  public HostEvent createInstance() {
    return new HostEvent();
  }

  @Override
  public void serialize(HostEvent e, DataOutputView out) throws IOException {
    StringValue.writeString(e.source, out);
    out.writeLong(e.line);
    out.writeLong(e.timestamp);
    out.writeInt(e.eventId);
    StringValue.writeString(e.channel, out);
    StringValue.writeString(e.host, out);
    StringValue.writeString(e.subjectUserName, out);
    StringValue.writeString(e.subjectLogonId, out);
    StringValue.writeString(e.targetLogonId, out);
    StringValue.writeString(e.shareName, out);
    StringValue.writeString(e.relativeTargetName, out);
    StringValue.writeString(e.accessMaskText, out);
    out.writeLong(e.accessMask);
    StringValue.writeString(e.ipAddress, out);
    StringValue.writeString(e.ipPort, out);
    StringValue.writeString(e.image, out);
    StringValue.writeString(e.targetFilename, out);
  }

  @Override
  public HostEvent deserialize(DataInputView in) throws IOException {
    HostEvent e = new HostEvent();
    e.source = StringValue.readString(in);
    e.line = in.readLong();
    e.timestamp = in.readLong();
    e.eventId = in.readInt();
    e.channel = StringValue.readString(in);
    e.host = StringValue.readString(in);
    e.subjectUserName = StringValue.readString(in);
    e.subjectLogonId = StringValue.readString(in);
    e.targetLogonId = StringValue.readString(in);
    e.shareName = StringValue.readString(in);
    e.relativeTargetName = StringValue.readString(in);
    e.accessMaskText = StringValue.readString(in);
    e.accessMask = in.readLong();
    e.ipAddress = StringValue.readString(in);
    e.ipPort = StringValue.readString(in);
    e.image = StringValue.readString(in);
    e.targetFilename = StringValue.readString(in);
    return e;
  }

  @Override
  public TypeSerializerSnapshot<HostEvent> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores the serializer from a savepoint; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<HostEvent> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
