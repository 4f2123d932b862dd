package io.smbhunt.udf.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The wanted field paths as a tree of keys, matched against raw key bytes without decoding them.
 * Each level holds a few dozen keys at most, but a line has some forty keys that are not wanted: an
 * open-addressed table on (length, first byte, last byte) turns nearly all of them away with one
 * probe into an empty slot, before any byte compare.
 */
final class PathTrie {

  /** Result slot for a leaf, -1 for an inner node. */
  int slot = -1;

  private byte[][] keys = new byte[0][];
  private PathTrie[] children = new PathTrie[0];

  /** Index + 1 of the key hashed to each slot (0: empty); at most a quarter full. */
  private int[] table = new int[8];

  static PathTrie build(List<List<String>> paths) {
    PathTrie root = new PathTrie();
    for (int i = 0; i < paths.size(); i++) {
      List<String> path = paths.get(i);
      if (path.isEmpty()) {
        throw new IllegalArgumentException("empty field path at slot " + i);
      }
      PathTrie node = root;
      for (String key : path) {
        node = node.childOrAdd(key.getBytes(StandardCharsets.UTF_8));
      }
      if (node.slot >= 0) {
        throw new IllegalArgumentException("field path " + path + " given twice");
      }
      node.slot = i;
    }
    return root;
  }

  /**
   * The child for the key {@code b[s, e)}; {@code unescaper} is non-null when the key had escape
   * sequences and must be decoded before comparing.
   */
  PathTrie child(byte[] b, int s, int e, JsonFieldScanner unescaper) {
    return unescaper == null ? child(b, s, e) : childOfEscaped(b, s, e, unescaper);
  }

  /** Rare: keeps decoding and allocating out of the lookup every key of every line goes through. */
  private PathTrie childOfEscaped(byte[] b, int s, int e, JsonFieldScanner unescaper) {
    byte[] key = unescaper.unescapeKey(b, s, e).getBytes(StandardCharsets.UTF_8);
    return child(key, 0, key.length);
  }

  private PathTrie child(byte[] b, int s, int e) {
    int n = e - s;
    if (n == 0) {
      return null;
    }
    int mask = table.length - 1;
    for (int h = hash(b, s, n) & mask; ; h = (h + 1) & mask) {
      int k = table[h] - 1;
      if (k < 0) {
        return null;
      }
      byte[] key = keys[k];
      if (key.length == n && regionEquals(key, b, s, n)) {
        return children[k];
      }
    }
  }

  private static int hash(byte[] b, int s, int n) {
    int h = (n * 0x9E3779B1) ^ (b[s] * 0x85EBCA6B) ^ (b[s + n - 1] * 0xC2B2AE35);
    return h ^ (h >>> 15);
  }

  private static boolean regionEquals(byte[] key, byte[] b, int s, int n) {
    for (int i = 0; i < n; i++) {
      if (key[i] != b[s + i]) {
        return false;
      }
    }
    return true;
  }

  private PathTrie childOrAdd(byte[] key) {
    for (int k = 0; k < keys.length; k++) {
      if (Arrays.equals(keys[k], key)) {
        return children[k];
      }
    }
    List<byte[]> ks = new ArrayList<>(Arrays.asList(keys));
    List<PathTrie> cs = new ArrayList<>(Arrays.asList(children));
    PathTrie child = new PathTrie();
    ks.add(key);
    cs.add(child);
    keys = ks.toArray(new byte[0][]);
    children = cs.toArray(new PathTrie[0]);
    int size = table.length;
    while (size < keys.length * 4) {
      size *= 2;
    }
    table = new int[size];
    for (int k = 0; k < keys.length; k++) {
      if (keys[k].length == 0) {
        continue; // an empty key never matches (see child)
      }
      int h = hash(keys[k], 0, keys[k].length) & (size - 1);
      while (table[h] != 0) {
        h = (h + 1) & (size - 1);
      }
      table[h] = k + 1;
    }
    return child;
  }
}
