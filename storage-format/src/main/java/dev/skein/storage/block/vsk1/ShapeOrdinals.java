package dev.skein.storage.block.vsk1;

import dev.skein.common.Hashes;
import java.util.Arrays;

/**
 * The block's shape tuples (a row's cell codes) to their ordinals, for {@link ShapeBuilder}: an
 * open-addressing table with the tuples' hashes in their own array, looked up with a hash the
 * caller computed while it made the codes. Replaces a {@code HashMap} keyed by a wrapper of the
 * codes, which allocated a key and hashed the codes again per row (~1.6 % of a flush thread's CPU).
 * Not thread-safe.
 */
final class ShapeOrdinals {

  private int[][] keys = new int[64][];
  private int[] hashes = new int[64];
  private int[] ordinals = new int[64];
  private int size;

  /** The hash of a row's codes as {@link #get} and {@link #put} expect it. */
  static int hash(int[] codes) {
    return Arrays.hashCode(codes);
  }

  /** The ordinal of {@code codes} (hash {@code hash}), or 0 when it has none yet. */
  int get(int[] codes, int hash) {
    int mask = keys.length - 1;
    for (int i = Hashes.spread(hash) & mask; keys[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == hash && Arrays.equals(keys[i], codes)) {
        return ordinals[i];
      }
    }
    return 0;
  }

  /** Records {@code ordinal} (> 0) for {@code codes}, which the table must not hold yet. */
  void put(int[] codes, int hash, int ordinal) {
    insert(codes, hash, ordinal);
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  private void insert(int[] codes, int hash, int ordinal) {
    int mask = keys.length - 1;
    int i = Hashes.spread(hash) & mask;
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = codes;
    hashes[i] = hash;
    ordinals[i] = ordinal;
  }

  private void grow() {
    int[][] oldKeys = keys;
    int[] oldHashes = hashes;
    int[] oldOrdinals = ordinals;
    keys = new int[oldKeys.length * 2][];
    hashes = new int[keys.length];
    ordinals = new int[keys.length];
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != null) {
        insert(oldKeys[j], oldHashes[j], oldOrdinals[j]);
      }
    }
  }
}
