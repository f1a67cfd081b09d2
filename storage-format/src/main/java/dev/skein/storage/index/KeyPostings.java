package dev.skein.storage.index;

import dev.skein.common.Hashes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The postings of one (scope, key) while a block's index is built, for {@link SearchIndexBuilder}:
 * its values' {@link Postings} in an open-addressing table keyed by (type, value text), with the
 * entries' hashes in their own array so that a probe reads an entry only when its hash matches. No
 * {@link TagValue} is made per span value, and a lookup is one probe of a small table rather than a
 * chained {@code HashMap} walk (the index lookups were ~6 % of a flush thread's CPU). Once the key
 * is {@linkplain #unindex() unindexed} its postings are dropped for good. Not thread-safe.
 */
final class KeyPostings {

  private Postings[] entries = new Postings[16];
  private int[] hashes = new int[16];
  private int size;
  private boolean indexed = true;

  /** The hash of (type, value) that entries are found by. */
  static int hash(TagValue.Type type, String value) {
    return value.hashCode() * 31 + type.ordinal();
  }

  /** Whether the key still has postings (not too many values, no unindexable one). */
  boolean indexed() {
    return indexed;
  }

  /** Drops the postings: the key is listed but unindexed from now on. */
  void unindex() {
    indexed = false;
    entries = null;
    hashes = null;
    size = 0;
  }

  /** Distinct values held. */
  int size() {
    return size;
  }

  /** The postings of (type, value) with hash {@code h}, or null when not held (or unindexed). */
  Postings get(TagValue.Type type, String value, int h) {
    if (!indexed) {
      return null;
    }
    int mask = entries.length - 1;
    for (int i = Hashes.spread(h) & mask; entries[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == h) {
        Postings p = entries[i];
        if (p.type == type && p.value.equals(value)) {
          return p;
        }
      }
    }
    return null;
  }

  /** Holds {@code p}, whose value must not be held yet; the key must be indexed. */
  void put(Postings p) {
    insert(p);
    if (++size * 2 > entries.length) {
      grow();
    }
  }

  /** The postings held, by value as {@link TagValue} orders them. */
  List<Postings> sorted() {
    List<Postings> out = new ArrayList<>(size);
    if (entries != null) {
      for (Postings p : entries) {
        if (p != null) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparing((Postings p) -> p.type).thenComparing(p -> p.value));
    return out;
  }

  private void insert(Postings p) {
    int mask = entries.length - 1;
    int i = Hashes.spread(p.hash) & mask;
    while (entries[i] != null) {
      i = (i + 1) & mask;
    }
    entries[i] = p;
    hashes[i] = p.hash;
  }

  private void grow() {
    Postings[] old = entries;
    entries = new Postings[old.length * 2];
    hashes = new int[entries.length];
    for (Postings p : old) {
      if (p != null) {
        insert(p);
      }
    }
  }
}
