package io.smbhunt.udf.flow;

import io.smbhunt.udf.json.JsonFieldScanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link JsonFieldScanner} with named logical fields, each findable at several alternative
 * paths (Zeek's {@code id.orig_h} is one key with a dot, some pipelines write {@code id_orig_h},
 * others nest {@code {"id":{"orig_h":…}}}). The first alternative present and not {@code null}
 * wins.
 *
 * <p>Not thread-safe: one per decoder.
 */
final class JsonFields<F extends Enum<F>> {

  private final JsonFieldScanner scanner;
  private final int[][] slots;
  private final String[] displayNames;

  private JsonFields(JsonFieldScanner scanner, int[][] slots, String[] displayNames) {
    this.scanner = scanner;
    this.slots = slots;
    this.displayNames = displayNames;
  }

  static <F extends Enum<F>> Builder<F> builder(Class<F> type) {
    return new Builder<>(type);
  }

  /** Validates the whole line and captures the fields; see {@link JsonFieldScanner#scan}. */
  boolean scan(byte[] b, int off, int len) {
    return scanner.scan(b, off, len);
  }

  String error() {
    return scanner.error();
  }

  String errorDetail() {
    return scanner.errorDetail();
  }

  /** The field's first alternative that is present and not null, or -1. */
  private int slot(F f) {
    for (int s : slots[f.ordinal()]) {
      byte t = scanner.type(s);
      if (t != JsonFieldScanner.ABSENT && t != JsonFieldScanner.NULL) {
        return s;
      }
    }
    return -1;
  }

  boolean has(F f) {
    return slot(f) >= 0;
  }

  /** The type of the winning alternative ({@link JsonFieldScanner#ABSENT} if none). */
  byte type(F f) {
    int s = slot(f);
    return s < 0 ? JsonFieldScanner.ABSENT : scanner.type(s);
  }

  /** A string's value or a number's text as written; {@code null} if absent, null or neither. */
  String text(F f) {
    int s = slot(f);
    if (s < 0) {
      return null;
    }
    byte t = scanner.type(s);
    if (t == JsonFieldScanner.STRING) {
      return scanner.string(s);
    }
    return t == JsonFieldScanner.NUMBER ? scanner.numberText(s) : null;
  }

  /** Compares a string field with lower-case ASCII, ignoring case, without allocating. */
  boolean equalsIgnoreCase(F f, byte[] asciiLower) {
    int s = slot(f);
    return s >= 0 && scanner.stringEqualsIgnoreCase(s, asciiLower);
  }

  /**
   * The first of {@code fields} that is present with a value that is neither a string nor a number
   * (an object, array or boolean), or {@code null}: such a value cannot be a port, an address or a
   * name, and treating it as absent would hide a broken record.
   */
  @SafeVarargs
  final F firstWrongType(F... fields) {
    for (F f : fields) {
      byte t = type(f);
      if (t != JsonFieldScanner.ABSENT
          && t != JsonFieldScanner.STRING
          && t != JsonFieldScanner.NUMBER) {
        return f;
      }
    }
    return null;
  }

  /** The field's first path, dotted, for messages. */
  String name(F f) {
    return displayNames[f.ordinal()];
  }

  /** Collects the alternative paths of each field. */
  static final class Builder<F extends Enum<F>> {
    private final List<List<String>> paths = new ArrayList<>();
    private final List<List<Integer>> slotsByField = new ArrayList<>();
    private final String[] displayNames;

    private Builder(Class<F> type) {
      int n = type.getEnumConstants().length;
      for (int i = 0; i < n; i++) {
        slotsByField.add(new ArrayList<>());
      }
      displayNames = new String[n];
    }

    /** Adds one alternative path (keys from the top level down) for {@code f}. */
    Builder<F> add(F f, String... path) {
      if (displayNames[f.ordinal()] == null) {
        displayNames[f.ordinal()] = String.join(".", path);
      }
      slotsByField.get(f.ordinal()).add(paths.size());
      paths.add(Arrays.asList(path));
      return this;
    }

    JsonFields<F> build() {
      int[][] slots = new int[slotsByField.size()][];
      for (int i = 0; i < slots.length; i++) {
        List<Integer> s = slotsByField.get(i);
        if (s.isEmpty()) {
          throw new IllegalStateException("no path for field #" + i);
        }
        slots[i] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      return new JsonFields<>(new JsonFieldScanner(paths), slots, displayNames);
    }
  }
}
