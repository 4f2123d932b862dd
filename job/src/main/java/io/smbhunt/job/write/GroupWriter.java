package io.smbhunt.job.write;

import java.util.function.BiConsumer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;

/**
 * Writes the fields of one Parquet group (the message itself, a struct, a list entry) to a {@link
 * RecordConsumer}.
 *
 * <p>Field indexes are looked up by name in the schema rather than hard-coded, so the schema text
 * stays the single place that defines the column order. A {@code null} value is written by leaving
 * the field out, which is how Parquet encodes null; a {@code null} for a REQUIRED column would
 * otherwise produce a silently broken record, so it fails loudly instead.
 */
final class GroupWriter {

  private final RecordConsumer out;
  private final GroupType type;

  GroupWriter(RecordConsumer out, GroupType type) {
    this.out = out;
    this.type = type;
  }

  void string(String name, String value) {
    if (absent(name, value)) {
      return;
    }
    int index = start(name);
    out.addBinary(Binary.fromString(value));
    out.endField(name, index);
  }

  void int64(String name, long value) {
    int index = start(name);
    out.addLong(value);
    out.endField(name, index);
  }

  void int32(String name, Integer value) {
    if (absent(name, value)) {
      return;
    }
    int index = start(name);
    out.addInteger(value);
    out.endField(name, index);
  }

  /** A struct-valued field; {@code fields} writes its members. */
  <T> void group(String name, T value, BiConsumer<GroupWriter, T> fields) {
    if (absent(name, value)) {
      return;
    }
    int index = start(name);
    out.startGroup();
    fields.accept(new GroupWriter(out, type.getType(name).asGroupType()), value);
    out.endGroup();
    out.endField(name, index);
  }

  /**
   * A standard 3-level LIST field ({@code <name> (LIST) { repeated group list { element } }}).
   * {@code element} writes the field named {@code element} of each entry; a {@code null} array
   * element becomes an entry without it, i.e. a null element.
   */
  <T> void list(String name, T[] values, BiConsumer<GroupWriter, T> element) {
    if (absent(name, values)) {
      return;
    }
    int index = start(name);
    out.startGroup();
    // An empty list is an empty LIST group: the repeated field must not be started at all.
    if (values.length > 0) {
      GroupType entryType = type.getType(name).asGroupType().getType(0).asGroupType();
      GroupWriter entry = new GroupWriter(out, entryType);
      out.startField(entryType.getName(), 0);
      for (T value : values) {
        out.startGroup();
        if (value != null) {
          element.accept(entry, value);
        }
        out.endGroup();
      }
      out.endField(entryType.getName(), 0);
    }
    out.endGroup();
    out.endField(name, index);
  }

  void stringList(String name, String[] values) {
    list(name, values, (entry, value) -> entry.string("element", value));
  }

  private boolean absent(String name, Object value) {
    if (value != null) {
      return false;
    }
    if (type.getType(name).isRepetition(Type.Repetition.REQUIRED)) {
      throw new IllegalArgumentException(
          "Parquet column '" + name + "' of '" + type.getName() + "' is required but null");
    }
    return true;
  }

  private int start(String name) {
    int index = type.getFieldIndex(name);
    out.startField(name, index);
    return index;
  }
}
