package io.smbhunt.udf.event;

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
}
