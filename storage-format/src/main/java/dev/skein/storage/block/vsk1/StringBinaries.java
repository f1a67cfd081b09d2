package dev.skein.storage.block.vsk1;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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

  /** The shared binaries of one column, or none once it showed too many distinct values. */
  private static final class Table {
    private final StringBinaries owner;
    private HashMap<String, Binary> binaries = new HashMap<>(64);

    /** Values not found in the table so far: distinct values seen, kept or not. */
    private int misses;

    /** This table's part of {@link StringBinaries#bytes}. */
    private long bytes;

    Table(StringBinaries owner) {
      this.owner = owner;
    }

    Binary of(String value) {
      if (binaries == null) {
        return Binary.fromString(value);
      }
      Binary b = binaries.get(value);
      if (b == null) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        b = Binary.fromConstantByteArray(utf8);
        if (++misses > MAX_ENTRIES) {
          binaries = null; // high cardinality: stop looking values up, free the table
          owner.bytes -= bytes;
          bytes = 0;
        } else if (owner.bytes < MAX_BYTES) {
          binaries.put(value, b);
          long added = ENTRY_OVERHEAD + value.length() + utf8.length;
          bytes += added;
          owner.bytes += added;
        }
      }
      return b;
    }
  }
}
