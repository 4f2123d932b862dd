package io.smbhunt.udf.pcap;

/**
 * Unsigned reads of multi-byte integers from byte arrays. Callers check bounds first: every length
 * here comes from untrusted input, so the check belongs next to the decision it guards.
 */
final class Bytes {

  private Bytes() {}

  static int u8(byte[] b, int off) {
    return b[off] & 0xff;
  }

  static int u16be(byte[] b, int off) {
    return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
  }

  static int u16le(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  static int u24be(byte[] b, int off) {
    return (b[off] & 0xff) << 16 | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff);
  }

  static long u32be(byte[] b, int off) {
    return ((long) u16be(b, off)) << 16 | u16be(b, off + 2);
  }

  static long u32le(byte[] b, int off) {
    return u16le(b, off) | ((long) u16le(b, off + 2)) << 16;
  }

  static long u64le(byte[] b, int off) {
    return u32le(b, off) | u32le(b, off + 4) << 32;
  }

  static int u16(byte[] b, int off, boolean littleEndian) {
    return littleEndian ? u16le(b, off) : u16be(b, off);
  }

  static long u32(byte[] b, int off, boolean littleEndian) {
    return littleEndian ? u32le(b, off) : u32be(b, off);
  }

  static long u64(byte[] b, int off, boolean littleEndian) {
    return littleEndian ? u64le(b, off) : u32be(b, off) << 32 | u32be(b, off + 4);
  }
}
