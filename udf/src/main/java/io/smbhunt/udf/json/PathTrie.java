package io.smbhunt.udf.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The wanted field paths as a tree of keys, matched against raw key bytes without decoding them.
 * Each level holds few keys (a dozen at the top), so a length check and a byte compare beat
 * hashing.
 */
final class PathTrie {

  /** Result slot for a leaf, -1 for an inner node. */
  int slot = -1;

  private static final int BY_LENGTH = 64;

  private byte[][] keys = new byte[0][];
  private PathTrie[] children = new PathTrie[0];

  /** For each key length below {@link #BY_LENGTH}, the indexes of the keys that long. */
  private int[][] byLength = new int[BY_LENGTH][];

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
    if (unescaper != null) {
      byte[] key = unescaper.unescapeKey(b, s, e).getBytes(StandardCharsets.UTF_8);
      return child(key, 0, key.length, null);
    }
    int n = e - s;
    if (n == 0 || n >= BY_LENGTH) {
      return n == 0 ? null : scan(b, s, n);
    }
    // Most keys of a line are not wanted: the length and first byte reject them in one probe.
    int[] candidates = byLength[n];
    if (candidates == null) {
      return null;
    }
    byte first = b[s];
    for (int k : candidates) {
      byte[] key = keys[k];
      if (key[0] == first && regionEquals(key, b, s, n)) {
        return children[k];
      }
    }
    return null;
  }

  private PathTrie scan(byte[] b, int s, int n) {
    for (int k = 0; k < keys.length; k++) {
      byte[] key = keys[k];
      if (key.length == n && regionEquals(key, b, s, n)) {
        return children[k];
      }
    }
    return null;
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
    if (key.length < BY_LENGTH) {
      int[] same = byLength[key.length] == null ? new int[0] : byLength[key.length];
      int[] grown = Arrays.copyOf(same, same.length + 1);
      grown[same.length] = keys.length - 1;
      byLength[key.length] = grown;
    }
    return child;
  }
}
