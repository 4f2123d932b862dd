package io.smbhunt.job.read;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of {@link RawLine} on Flink's wire: its own serializer (no Kryo, no copies). */
public final class RawLineTypeInfo extends TypeInformation<RawLine> {

  private static final long serialVersionUID = 1L;

  public static final RawLineTypeInfo INSTANCE = new RawLineTypeInfo();

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<RawLine> getTypeClass() {
    return RawLine.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<RawLine> createSerializer(SerializerConfig config) {
    return RawLineSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "RawLine";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawLineTypeInfo;
  }

  @Override
  public int hashCode() {
    return RawLineTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof RawLineTypeInfo;
  }
}
