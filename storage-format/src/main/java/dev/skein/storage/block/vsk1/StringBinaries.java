package dev.skein.storage.block.vsk1;

import dev.skein.common.Hashes;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.io.api.Binary;

/**
 * The UTF-8 {@link Binary} of the string values a block writer repeats (span names, service names,
 * dedicated and slot column values), encoded once per column and then shared. Besides the encoding,
 * sharing saves Parquet's dictionary writer its byte-by-byte comparison: it keeps the first {@code
 * Binary} of a value as its dictionary key, and two binaries over the same array compare equal at
 * once (that comparison was ~5 % of an ingester's CPU in the end-to-end benchmark). The bytes
 * written are the same as {@link Binary#fromString}'s.
 *
 * <p>One table per column, bounded: a column that shows more than {@link #MAX_ENTRIES} distinct
 * values (ids, URLs, statements) stops sharing for the rest of the block, since looking its values
 * up would cost more than it saves; values longer than {@link #MAX_CHARS} are never shared; and
 * once the tables of all columns hold {@link #MAX_BYTES}, no new value is added (a writer's memory
 * stays bounded whatever the workload). {@link #unshared()} is the path it replaced, kept as the
 * reference that tests compare the written bytes with. Not thread-safe.
 */
final class StringBinaries {

  /** Longer values are not shared: they are seldom repeated. */
  static final int MAX_CHARS = 256;

  /** Distinct values a column may show before it stops sharing. */
  static final int MAX_ENTRIES = 4096;

  /** Estimated heap held by the tables of all columns (keys, binaries, entries) at most. */
  static final long MAX_BYTES = 8L << 20;

  /** Estimated heap per shared value besides its characters and bytes. */
  private static final int ENTRY_OVERHEAD = 120;

  private long bytes;

  private final boolean share;
  private Table[] tables = new Table[0];

  private StringBinaries(boolean share) {
    this.share = share;
  }

  /** Binaries shared per column and distinct value. */
  static StringBinaries shared() {
    return new StringBinaries(true);
  }

  /** A new {@link Binary#fromString} per value, as the writer did before sharing them. */
  static StringBinaries unshared() {
    return new StringBinaries(false);
  }

  /**
   * The UTF-8 bytes of {@code value} as a constant {@link Binary}; {@code column} is any small
   * non-negative number naming the column the value goes to (its schema field index, say).
   */
  Binary of(int column, String value) {
    if (!share || value.length() > MAX_CHARS) {
      return Binary.fromString(value);
    }
    if (column >= tables.length) {
      tables = java.util.Arrays.copyOf(tables, column + 8);
    }
    Table t = tables[column];
    if (t == null) {
      t = new Table(this);
      tables[column] = t;
    }
    return t.of(value);
  }

  /**
   * The shared binaries of one column, or none once it showed too many distinct values. An open
   * addressing table with the keys' hashes in their own array: a probe touches a key only when its
   * hash matches (the chained {@code HashMap} it replaced walked node, key and key bytes, and the
   * lookups were ~7 % of a flush thread's samples). The value looked up last is checked by identity
   * first: a span's scope name and version are the same {@code String} as the previous span's.
   */
  private static final class Table {
    private final StringBinaries owner;
    private String[] keys = new String[64];
    private Binary[] values = new Binary[64];
    private int[] hashes = new int[64];
    private int size;

    /** False once the column showed too many distinct values. */
    private boolean sharing = true;

    private String lastKey;
    private Binary lastValue;

    /** Values not found in the table so far: distinct values seen, kept or not. */
    private int misses;

    /** This table's part of {@link StringBinaries#bytes}. */
    private long bytes;

    Table(StringBinaries owner) {
      this.owner = owner;
    }

    Binary of(String value) {
      if (!sharing) {
        return Binary.fromString(value);
      }
      if (value == lastKey) {
        return lastValue;
      }
      int h = value.hashCode();
      int mask = keys.length - 1;
      int i = Hashes.spread(h) & mask;
      for (String k = keys[i]; k != null; k = keys[i]) {
        if (hashes[i] == h && k.equals(value)) {
          lastKey = value;
          lastValue = values[i];
          return values[i];
        }
        i = (i + 1) & mask;
      }
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      Binary b = Binary.fromConstantByteArray(utf8);
      if (++misses > MAX_ENTRIES) {
        // high cardinality: stop looking values up, free the table
        sharing = false;
        keys = null;
        values = null;
        hashes = null;
        lastKey = null;
        lastValue = null;
        owner.bytes -= bytes;
        bytes = 0;
      } else if (owner.bytes < MAX_BYTES) {
        keys[i] = value;
        values[i] = b;
        hashes[i] = h;
        if (++size * 2 > keys.length) {
          grow();
        }
        long added = ENTRY_OVERHEAD + value.length() + utf8.length;
        bytes += added;
        owner.bytes += added;
        lastKey = value;
        lastValue = b;
      }
      return b;
    }

    private void grow() {
      String[] oldKeys = keys;
      Binary[] oldValues = values;
      int[] oldHashes = hashes;
      keys = new String[oldKeys.length * 2];
      values = new Binary[keys.length];
      hashes = new int[keys.length];
      int mask = keys.length - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldKeys[j] != null) {
          int i = Hashes.spread(oldHashes[j]) & mask;
          while (keys[i] != null) {
            i = (i + 1) & mask;
          }
          keys[i] = oldKeys[j];
          values[i] = oldValues[j];
          hashes[i] = oldHashes[j];
        }
      }
    }
  }
}
