package io.smbhunt.job.analytics.join;

import io.smbhunt.job.decode.HostEventSerializer;
import io.smbhunt.job.types.ImmutableRecordSerializer;
import io.smbhunt.job.types.SerializerTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for a {@link JoinInput}: its hashed key (which names the join) and the event.
 */
public final class JoinInputSerializer extends ImmutableRecordSerializer<JoinInput> {

  private static final long serialVersionUID = 1L;

  public static final JoinInputSerializer INSTANCE = new JoinInputSerializer();

  public static final TypeInformation<JoinInput> TYPE =
      new SerializerTypeInfo<>(JoinInput.class, INSTANCE);

  @Override
  public JoinInput createInstance() {
    return new JoinInput();
  }

  @Override
  public void serialize(JoinInput in, DataOutputView out) throws IOException {
    out.writeLong(in.key);
    HostEventSerializer.INSTANCE.serialize(in.event, out);
  }

  @Override
  public JoinInput deserialize(DataInputView in) throws IOException {
    JoinInput r = new JoinInput();
    r.key = in.readLong();
    r.event = HostEventSerializer.INSTANCE.deserialize(in);
    return r;
  }

  @Override
  public TypeSerializerSnapshot<JoinInput> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores the serializer from a savepoint; it has no parameters. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<JoinInput> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
