package dev.skein.storage.index;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * The traces holding one (scope, key, value) while a block's index is built, for {@link
 * SearchIndexBuilder}. Ordinals arrive trace by trace, so most are appended: they are kept in a
 * small int buffer and moved into the bitmap a batch at a time (a bitmap add per trace touched the
 * bitmap's key, container and content arrays each time: ~4 % of a flush thread's CPU). The spans of
 * a trace repeat most values (resource attributes, names, status): remembering the last ordinal
 * skips all but the first span of a trace carrying the value. Also a {@link KeyPostings} entry: it
 * names its own value. Not thread-safe.
 */
final class Postings {

  /** Ordinals buffered at most before they go to the bitmap (4 KiB). */
  static final int MAX_PENDING = 1024;

  final TagValue.Type type;
  final String value;
  final int hash;

  private final RoaringBitmap bitmap = new RoaringBitmap();
  private int[] pending = new int[4];
  private int count;
  private int last = -1;

  Postings(TagValue.Type type, String value, int hash) {
    this.type = type;
    this.value = value;
    this.hash = hash;
  }

  /** Records trace {@code ordinal}. */
  void post(int ordinal) {
    if (ordinal == last) {
      return;
    }
    last = ordinal;
    if (count == pending.length) {
      if (count == MAX_PENDING) {
        flush();
      } else {
        pending = Arrays.copyOf(pending, count * 2);
      }
    }
    pending[count++] = ordinal;
  }

  /** Adds every trace of {@code traces}. */
  void or(RoaringBitmap traces) {
    flush();
    bitmap.or(traces);
  }

  /** The traces recorded, as a bitmap (owned by this object). */
  RoaringBitmap bitmap() {
    flush();
    return bitmap;
  }

  private void flush() {
    if (count > 0) {
      bitmap.addN(pending, 0, count);
      count = 0;
    }
  }
}
