package dev.skein.storage.block.vsk1;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.io.api.Binary;

/**
 * The UTF-8 {@link Binary} of the string values a block writer repeats (span names, service names,
 * dedicated and slot column values), encoded once and then shared. Besides the encoding, sharing
 * saves Parquet's dictionary writer its byte-by-byte comparison: it keeps the first {@code Binary}
 * of a value as its dictionary key, and two binaries over the same array compare equal at once
 * (that comparison was ~5 % of an ingester's CPU in the end-to-end benchmark). The bytes written
 * are the same as {@link Binary#fromString}'s. Bounded: values longer than {@link #MAX_CHARS} are
 * encoded each time, and the table starts over when it reaches {@link #MAX_ENTRIES}, so
 * high-cardinality values (URLs, statements) cannot grow it. {@link #unshared()} is the path it
 * replaced, kept as the reference that tests compare the written bytes with. Not thread-safe.
 */
final class StringBinaries {

  /** Longer values are not shared: they are seldom repeated and would fill the table. */
  static final int MAX_CHARS = 256;

  /** Distinct values kept before the table starts over. */
  static final int MAX_ENTRIES = 1 << 14;

  private final Map<String, Binary> binaries = new HashMap<>(1 << 10);
  private final boolean share;

  private StringBinaries(boolean share) {
    this.share = share;
  }

  /** Binaries shared per distinct value. */
  static StringBinaries shared() {
    return new StringBinaries(true);
  }

  /** A new {@link Binary#fromString} per value, as the writer did before sharing them. */
  static StringBinaries unshared() {
    return new StringBinaries(false);
  }

  /** The UTF-8 bytes of {@code value} as a constant {@link Binary}. */
  Binary of(String value) {
    if (!share) {
      return Binary.fromString(value);
    }
    if (value.length() > MAX_CHARS) {
      return encode(value);
    }
    Binary b = binaries.get(value);
    if (b == null) {
      if (binaries.size() >= MAX_ENTRIES) {
        binaries.clear();
      }
      b = encode(value);
      binaries.put(value, b);
    }
    return b;
  }

  private static Binary encode(String value) {
    return Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8));
  }
}
