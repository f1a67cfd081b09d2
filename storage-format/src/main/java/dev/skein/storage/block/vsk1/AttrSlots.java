package dev.skein.storage.block.vsk1;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Per-block attribute slot columns: span attribute keys that are not in {@link Dedicated}'s fixed
 * list get a flat column of their own for the block, so each key's values compress as their own
 * stream and neither key nor type is stored per value. The schema has a fixed number of slot
 * columns per kind ({@code attr_str_<n>}, {@code attr_int_<n>}, {@code attr_hex_<n>}); a block
 * assigns them to (key, kind) pairs in order of first appearance, and records the assignment in the
 * footer's key-value metadata under {@link #METADATA_KEY}. A slot holds the first value of its key
 * and kind on a span; later duplicates and keys that found no free slot stay in the generic list.
 * Which attribute of a span sits where, in order, is the span's {@code attr_layout} ({@link
 * SpanAttrLayout}).
 *
 * <p>This is the one lookup for readers that want a key's column: {@link #column(String, Kind)}.
 * Immutable once read; the writer side is {@link Assigner}.
 */
final class AttrSlots {

  /** Footer key-value metadata entry holding the block's slot assignment. */
  static final String METADATA_KEY = "skein.attr_slots";

  /** What a slot column holds. */
  enum Kind {
    /** Strings (that are not long lowercase hex), binary STRING column. */
    STR("attr_str_", 16),
    /** Ints and bools (the layout tells which), int64 column. */
    INT("attr_int_", 8),
    /** Strings of at least 15 lowercase hex digits, as bytes (see {@link AttrCodec#HEX}). */
    HEX("attr_hex_", 4);

    final String prefix;
    final int slots;
    private final String[] columns;

    Kind(String prefix, int slots) {
      this.prefix = prefix;
      this.slots = slots;
      this.columns = new String[slots];
      for (int i = 0; i < slots; i++) {
        columns[i] = prefix + i;
      }
    }

    String column(int slot) {
      // the writer asks per attribute value: no string built per call
      return slot >= 0 && slot < slots ? columns[slot] : prefix + slot;
    }
  }

  /** Every slot column name of the schema, kinds in declaration order, slots ascending. */
  static final List<String> COLUMNS = allColumns();

  private static final AttrSlots NONE = new AttrSlots(Map.of());

  private final Map<Kind, String[]> keys;

  private AttrSlots(Map<Kind, String[]> keys) {
    this.keys = keys;
  }

  /**
   * The assignment recorded in a block's Parquet footer; an unreadable one is a {@code
   * CorruptBlockException} naming {@code data.parquet} and the footer's offset.
   */
  static AttrSlots of(ParquetAccess parquet) {
    ParquetAccess.Tail tail = parquet.tail();
    try {
      return fromMetadata(tail.footer().getFileMetaData().getKeyValueMetaData());
    } catch (IllegalStateException e) {
      throw parquet.corrupt(tail.offset(), "footer metadata", e);
    }
  }

  /** The assignment recorded in a footer's key-value metadata (none when absent). */
  static AttrSlots fromMetadata(Map<String, String> keyValueMetadata) {
    String s = keyValueMetadata.get(METADATA_KEY);
    return s == null ? NONE : parse(s);
  }

  /** The key held by slot {@code slot} of {@code kind}, or null when the slot is unused. */
  @Nullable String key(Kind kind, int slot) {
    String[] k = keys.get(kind);
    return k == null || slot >= k.length ? null : k[slot];
  }

  /**
   * The slot column holding the values of attribute {@code key} of {@code kind} in this block, or
   * null when the key has none (its values are then in the generic {@code attrs} list).
   */
  @Nullable String column(String key, Kind kind) {
    String[] k = keys.get(kind);
    if (k != null) {
      for (int i = 0; i < k.length; i++) {
        if (key.equals(k[i])) {
          return kind.column(i);
        }
      }
    }
    return null;
  }

  /**
   * Metadata format: for each used slot, {@code <kind letter><slot>:<key length>:<key>}, one after
   * the other (keys may hold any character).
   */
  private static AttrSlots parse(String s) {
    Map<Kind, String[]> keys = new HashMap<>();
    int i = 0;
    try {
      while (i < s.length()) {
        Kind kind =
            switch (s.charAt(i)) {
              case 's' -> Kind.STR;
              case 'i' -> Kind.INT;
              case 'h' -> Kind.HEX;
              default -> throw new IllegalArgumentException("kind '" + s.charAt(i) + "'");
            };
        int colon = s.indexOf(':', i);
        int slot = Integer.parseInt(s.substring(i + 1, colon));
        int colon2 = s.indexOf(':', colon + 1);
        int length = Integer.parseInt(s.substring(colon + 1, colon2));
        String key = s.substring(colon2 + 1, colon2 + 1 + length);
        if (slot < 0 || slot >= kind.slots) {
          throw new IllegalArgumentException("slot " + slot + " of " + kind);
        }
        keys.computeIfAbsent(kind, k -> new String[k.slots])[slot] = key;
        i = colon2 + 1 + length;
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "corrupt " + METADATA_KEY + " footer metadata at " + i + ": " + e.getMessage(), e);
    }
    return new AttrSlots(keys);
  }

  private static List<String> allColumns() {
    List<String> out = new ArrayList<>();
    for (Kind k : Kind.values()) {
      for (int i = 0; i < k.slots; i++) {
        out.add(k.column(i));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The writer side: assigns free slots to (key, kind) pairs as they first appear. Not thread-safe.
   */
  static final class Assigner {
    private final Map<Kind, Map<String, Integer>> assigned = new HashMap<>();
    private final StringBuilder metadata = new StringBuilder();

    /** The slot of {@code key} for {@code kind}, assigning the next free one; -1 when full. */
    int slot(String key, Kind kind) {
      Map<String, Integer> m = assigned.computeIfAbsent(kind, k -> new HashMap<>());
      Integer s = m.get(key);
      if (s != null) {
        return s;
      }
      if (m.size() >= kind.slots) {
        return -1;
      }
      int slot = m.size();
      m.put(key, slot);
      metadata
          .append(kind.name().toLowerCase(java.util.Locale.ROOT).charAt(0))
          .append(slot)
          .append(':')
          .append(key.length())
          .append(':')
          .append(key);
      return slot;
    }

    /** The footer metadata value recording the assignment so far. */
    String metadata() {
      return metadata.toString();
    }
  }
}
