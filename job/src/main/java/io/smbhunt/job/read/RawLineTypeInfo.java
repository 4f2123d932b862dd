package io.smbhunt.job.read;

import io.smbhunt.job.types.SerializerTypeInfo;

/** The type of {@link RawLine} on Flink's wire: its own serializer (no Kryo, no copies). */
public final class RawLineTypeInfo extends SerializerTypeInfo<RawLine> {

  private static final long serialVersionUID = 1L;

  public static final RawLineTypeInfo INSTANCE = new RawLineTypeInfo();

  private RawLineTypeInfo() {
    super(RawLine.class, RawLineSerializer.INSTANCE);
  }
}
