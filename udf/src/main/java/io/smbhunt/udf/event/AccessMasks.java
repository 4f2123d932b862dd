package io.smbhunt.udf.event;

import java.util.List;

/** Reading Windows access masks, which event logs render as hex text ({@code 0x17019f}). */
public final class AccessMasks {

  /** The WriteData (or AddFile) right: the bit the playbook's {@code 0x2} stands for. */
  public static final long WRITE_DATA = 0x2L;

  private AccessMasks() {}

  /**
   * {@code 0x}-prefixed text is hex (any case); bare digits are decimal, as a shipper that
   * converted the mask to a number would write them. Anything else is {@link
   * HostEvent#NO_ACCESS_MASK}.
   */
  public static long parse(String text) {
    String t = text.trim();
    int radix = 10;
    if (t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
      t = t.substring(2);
      radix = 16;
    }
    if (t.isEmpty() || t.length() > 8 + (radix == 10 ? 2 : 0)) {
      return HostEvent.NO_ACCESS_MASK;
    }
    try {
      long v = Long.parseLong(t, radix);
      return (v >= 0 && v <= 0xFFFF_FFFFL) ? v : HostEvent.NO_ACCESS_MASK;
    } catch (NumberFormatException e) {
      return HostEvent.NO_ACCESS_MASK;
    }
  }

  /**
   * A mask that a shipper split on white space into a list: Elastic's security pipelines
   * (Winlogbeat 7's module, the 8.x ingest pipelines, Elastic Agent) turn {@code "0x120089"} into
   * {@code ["0x120089"]}. Only {@code 0x}-prefixed elements are read, OR-ed together: the same
   * pipelines fill this field of other events with access rights as message numbers ({@code
   * ["%%1538", "%%1542"]}, or {@code ["1538", "1542"]} in Winlogbeat 7), which are not masks; a
   * list holding any such element is {@link HostEvent#NO_ACCESS_MASK}.
   */
  public static long parseList(List<String> elements) {
    if (elements == null || elements.isEmpty()) {
      return HostEvent.NO_ACCESS_MASK;
    }
    long mask = 0;
    for (String element : elements) {
      String t = element.trim();
      long v = t.startsWith("0x") || t.startsWith("0X") ? parse(t) : HostEvent.NO_ACCESS_MASK;
      if (v == HostEvent.NO_ACCESS_MASK) {
        return HostEvent.NO_ACCESS_MASK;
      }
      mask |= v;
    }
    return mask;
  }
}
