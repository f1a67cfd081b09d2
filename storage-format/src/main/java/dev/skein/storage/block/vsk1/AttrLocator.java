package dev.skein.storage.block.vsk1;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Tells, for the current row of a {@link TraceFilterScan}, where the first entry of each wanted
 * span attribute key sits, exactly as {@link RowDecoder} rebuilds the span's attributes (the
 * TraceQL engine reads a key's first entry): in one of the key's columns in this block (a fixed
 * {@link Dedicated} column or an {@link AttrSlots} slot, named by its {@link SpanAttrLayout} code),
 * in the generic {@code attrs} list ({@link AttrLookup}), or nowhere. A key may have several
 * columns (a string and an int slot, a string slot and a hex slot, a fixed string column and an int
 * slot) and further entries in the generic list (duplicates, other value types, keys that got no
 * slot), so the order comes from the row's {@code attr_layout}, evaluated once per dictionary entry
 * of that column. A row group whose generic lists hold no wanted key is read without them, and
 * without {@code attr_layout} when every key has at most one column in the block (then that
 * column's value is the first entry when present). Not thread-safe.
 */
final class AttrLocator {

  /** {@link #where}: the span has no entry of the key. */
  static final int ABSENT = -1;

  /** {@link #where}: the first entry is in the generic list, see {@link #generic()}. */
  static final int GENERIC = -2;

  /** {@link #where}: the row cannot be read here (corrupt layout or entry): it must be kept. */
  static final int UNKNOWN = -3;

  private static final int[] CORRUPT = new int[0];

  private final int keyCount;
  private final AttrLookup generic;

  /** By layout code: the wanted key whose column it names, or -1. */
  private final int[] keyOfCode = new int[SpanAttrLayout.END];

  /** By layout code: whether it names a column of this block (else the layout is corrupt). */
  private final boolean[] assigned = new boolean[SpanAttrLayout.END];

  private final int[][] codes;

  /** Per key, when the layout is not read: its only column's slot (null: none) and code. */
  private final @Nullable ColumnSlot[] onlyColumn;

  private final int[] onlyCode;
  private final @Nullable ColumnSlot layout;
  private final int[] where;
  private int[][] planById = new int[0][];

  /** Plans by value index in the span-shape table, for layouts standing in a row's shape. */
  private int[][] planByShape = new int[0][];

  private int planGeneration = -1;

  // per row group
  private boolean genericRead;
  private boolean layoutRead;

  /**
   * Creates the locator.
   *
   * @param keys the wanted keys, each to its index
   * @param slots the block's slot assignment
   * @param tree the scan's columns: {@code attr_layout} and every column of {@link #columns} for
   *     the keys must be projected
   */
  AttrLocator(
      Map<String, Integer> keys, AttrSlots slots, ColumnSlot.Tree tree, AttrLookup generic) {
    this.keyCount = keys.size();
    this.generic = generic;
    this.codes = new int[keyCount][];
    this.onlyColumn = new ColumnSlot[keyCount];
    this.onlyCode = new int[keyCount];
    this.where = new int[keyCount];
    Arrays.fill(keyOfCode, -1);
    for (int code = 1; code < SpanAttrLayout.END; code++) {
      assigned[code] = SpanAttrLayout.key(code, slots) != null;
    }
    keys.forEach(
        (key, k) -> {
          codes[k] = codes(key, slots);
          for (int code : codes[k]) {
            keyOfCode[code] = k;
          }
          if (codes[k].length == 1) {
            onlyCode[k] = codes[k][0];
            onlyColumn[k] = tree.slot(SpanAttrLayout.column(onlyCode[k]));
          }
        });
    this.layout = tree.slot("attr_layout");
  }

  /** The layout codes naming a column of {@code key} in a block with {@code slots}, ascending. */
  static int[] codes(String key, AttrSlots slots) {
    List<Integer> out = new ArrayList<>();
    for (int code = 1; code < SpanAttrLayout.END; code++) {
      if (key.equals(SpanAttrLayout.key(code, slots))) {
        out.add(code);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The columns that may hold a first entry of {@code key} in a block with {@code slots}. */
  static List<String> columns(String key, AttrSlots slots) {
    return Arrays.stream(codes(key, slots)).mapToObj(SpanAttrLayout::column).distinct().toList();
  }

  /**
   * Whether {@code attr_layout} is needed even where no generic list holds a wanted key: some key
   * has more than one layout code in the block (several columns, or an int slot holding ints and
   * bools, or a hex slot holding even and odd lengths).
   */
  static boolean needsLayout(Collection<String> keys, AttrSlots slots) {
    return keys.stream().anyMatch(k -> codes(k, slots).length > 1);
  }

  /** The layout codes of wanted key {@code key} in this block. */
  int[] codesOf(int key) {
    return codes[key];
  }

  /** The reader of the generic lists, for the value of a {@link #GENERIC} first entry. */
  AttrLookup generic() {
    return generic;
  }

  /**
   * Starts a row group.
   *
   * @param genericRead whether its generic lists are read (else no entry there is wanted)
   * @param layoutRead whether its {@code attr_layout} is read (always when the lists are)
   */
  void startRowGroup(boolean genericRead, boolean layoutRead) {
    this.genericRead = genericRead;
    this.layoutRead = layoutRead;
  }

  /**
   * Locates every wanted key in the current row, consuming its generic entries; the flat columns
   * ({@code attr_layout} and the keys' columns) must be loaded.
   */
  void readRow() {
    if (genericRead) {
      generic.readRow();
    }
    int[] plan = layoutRead ? plan() : null;
    if (plan == CORRUPT) {
      Arrays.fill(where, UNKNOWN);
      return;
    }
    for (int k = 0; k < keyCount; k++) {
      int code;
      int genericBefore;
      if (plan != null) {
        code = plan[k];
        genericBefore = plan[keyCount + k];
      } else {
        ColumnSlot only = onlyColumn[k];
        code = only != null && only.present() ? onlyCode[k] : 0;
        genericBefore = 0;
      }
      int g = genericRead ? generic.ordinal(k) : -1;
      if (g >= 0 && (code == 0 || g < genericBefore)) {
        where[k] = generic.state(k) == AttrLookup.State.UNKNOWN ? UNKNOWN : GENERIC;
      } else {
        where[k] = code != 0 ? code : ABSENT;
      }
    }
  }

  /** Consumes the generic entries of a row that is not wanted. */
  void skipRow() {
    if (genericRead) {
      generic.skipRow();
    }
  }

  /**
   * Where the first entry of wanted key {@code key} is in the current row: its column's layout code
   * (positive), {@link #GENERIC}, {@link #ABSENT} or {@link #UNKNOWN}.
   */
  int where(int key) {
    return where[key];
  }

  /**
   * The current row's layout plan, cached by dictionary id when the column is dictionary-encoded.
   */
  private int[] plan() {
    int shape = layout.shapeValueIndex();
    if (shape >= 0 && layout.present()) {
      if (shape >= planByShape.length) {
        planByShape = Arrays.copyOf(planByShape, Math.max(shape + 1, planByShape.length * 2));
      }
      int[] p = planByShape[shape];
      if (p == null) {
        p = plan(layout.binary().toByteBuffer());
        planByShape[shape] = p;
      }
      return p;
    }
    int id = layout.dictionaryId();
    if (id < 0) {
      return layout.present() ? plan(layout.binary().toByteBuffer()) : CORRUPT;
    }
    if (planGeneration != layout.generation() || id >= planById.length) {
      planById = new int[Math.max(layout.dictionarySize(), id + 1)][];
      planGeneration = layout.generation();
    }
    int[] p = planById[id];
    if (p == null) {
      p = plan(layout.binary().toByteBuffer());
      planById[id] = p;
    }
    return p;
  }

  /**
   * For each wanted key, the layout code of its first column entry (0: none) and, after those, the
   * number of generic entries before it; {@link #CORRUPT} when a code names no column.
   */
  private int[] plan(ByteBuffer bytes) {
    int[] p = new int[2 * keyCount];
    int generic = 0;
    for (int i = bytes.position(); i < bytes.limit(); i++) {
      int code = bytes.get(i);
      if (code == SpanAttrLayout.GENERIC) {
        generic++;
        continue;
      }
      if (code < 0 || code >= SpanAttrLayout.END || !assigned[code]) {
        return CORRUPT;
      }
      int k = keyOfCode[code];
      if (k >= 0 && p[k] == 0) {
        p[k] = code;
        p[keyCount + k] = generic;
      }
    }
    return p;
  }
}
