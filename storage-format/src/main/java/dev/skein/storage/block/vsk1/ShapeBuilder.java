package dev.skein.storage.block.vsk1;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;
import org.jspecify.annotations.Nullable;

/**
 * Builds a block's {@link ShapeTable} while its rows are written, one row at a time (the writer
 * streams: it cannot count a block's values before writing them). A column stays in the shape while
 * it has at most {@link ShapeLimits#values} distinct values in the block; the row that brings one
 * more, and every later row, keep the column's values in the real column (the shape records {@link
 * ShapeTable#IN_COLUMN}). A tuple that is new when the table is full takes shape 0. Not
 * thread-safe; one per block.
 */
final class ShapeBuilder {

  private final ShapeLimits limits;
  private final List<ShapeColumn> columns = ShapeColumn.ALL;

  /** Per column: value to its code (2 + index in {@link #values}). */
  private final List<Map<Object, Integer>> codesByValue = new ArrayList<>();

  private final List<List<Object>> values = new ArrayList<>();

  /** Columns whose values go to the real column from now on. */
  private final boolean[] spilled;

  /**
   * Per column: the codes of values seen last, by identity ({@link IdentityCodes}), or null for
   * columns of boxed numbers.
   */
  private final @Nullable IdentityCodes[] byIdentity;

  private final ShapeOrdinals ordinals = new ShapeOrdinals();
  private final List<int[]> shapes = new ArrayList<>();
  private long valueBytes;
  private long fallbackRows;

  /** Scratch: the codes of the row being shaped. */
  private final int[] rowCodes;

  ShapeBuilder(ShapeLimits limits) {
    this.limits = limits;
    for (int i = 0; i < columns.size(); i++) {
      codesByValue.add(new HashMap<>());
      values.add(new ArrayList<>());
    }
    spilled = new boolean[columns.size()];
    byIdentity = new IdentityCodes[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).type() == ShapeColumn.Type.BINARY) {
        byIdentity[i] = new IdentityCodes();
      }
    }
    rowCodes = new int[columns.size()];
  }

  /** The shape columns, in the order of a row's cells. */
  List<ShapeColumn> columns() {
    return columns;
  }

  /**
   * Shapes one row. {@code cells} holds the row's value of each shape column (a {@code Binary},
   * {@code Integer} or {@code Long} by {@link ShapeColumn#type}, or null when absent); on return a
   * cell is left non-null exactly when that value must be written to the real column, and the
   * others are cleared.
   *
   * @return the row's shape ordinal
   */
  int shape(@Nullable Object[] cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException(
          "expected " + columns.size() + " shape cells, got " + cells.length);
    }
    if (!limits.enabled()) {
      return ShapeTable.ALL_IN_COLUMNS;
    }
    for (int i = 0; i < cells.length; i++) {
      rowCodes[i] = code(i, cells[i]);
    }
    int hash = ShapeOrdinals.hash(rowCodes);
    int ordinal = ordinals.get(rowCodes, hash);
    if (ordinal == 0) {
      if (shapes.size() + 1 >= limits.maxShapes()) {
        fallbackRows++;
        return ShapeTable.ALL_IN_COLUMNS; // every present value stays in its cell
      }
      int[] codes = rowCodes.clone();
      shapes.add(codes);
      ordinal = shapes.size();
      ordinals.put(codes, hash, ordinal);
    }
    for (int i = 0; i < cells.length; i++) {
      if (rowCodes[i] != ShapeTable.IN_COLUMN_CODE) {
        cells[i] = null;
      }
    }
    return ordinal;
  }

  /** The cell code of value {@code v} in column {@code i}, admitting it or spilling the column. */
  private int code(int i, @Nullable Object v) {
    if (v == null) {
      return ShapeTable.ABSENT;
    }
    if (spilled[i]) {
      return ShapeTable.IN_COLUMN_CODE;
    }
    IdentityCodes same = byIdentity[i];
    if (same != null) {
      int code = same.code(v);
      if (code != ShapeTable.ABSENT) {
        return code;
      }
    }
    int code = equalCode(i, v);
    if (same != null && code != ShapeTable.IN_COLUMN_CODE && !((Binary) v).isBackingBytesReused()) {
      same.remember(v, code);
    }
    return code;
  }

  /** {@link #code} by value equality: the code of a known value, or admits it or spills. */
  private int equalCode(int i, Object v) {
    Map<Object, Integer> known = codesByValue.get(i);
    Integer code = known.get(v);
    if (code != null) {
      return code;
    }
    long size = bytes(v);
    if (known.size() >= limits.values(columns.get(i)) || valueBytes + size > limits.maxBytes()) {
      spilled[i] = true;
      return ShapeTable.IN_COLUMN_CODE;
    }
    Object kept = v instanceof Binary b ? b.copy() : v; // the writer may reuse its binaries
    valueBytes += size;
    values.get(i).add(kept);
    int added = known.size() + 2;
    known.put(kept, added);
    return added;
  }

  private static long bytes(Object v) {
    return switch (v) {
      case Binary b -> b.length();
      case Integer ignored -> 4;
      case Long ignored -> 8;
      default -> throw new IllegalArgumentException("not a shape value: " + v.getClass());
    };
  }

  /** The table of the rows shaped so far. */
  ShapeTable table() {
    Object[][] v = new Object[columns.size()][];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i).toArray();
    }
    return new ShapeTable(columns, v, shapes.toArray(new int[0][]));
  }

  /** Rows that took shape 0 because the table was full. */
  long fallbackRows() {
    return fallbackRows;
  }

  /** Whether column {@code i} has spilled to its real column. */
  boolean spilled(int i) {
    return spilled[i];
  }

  /** Sum of the bytes of the distinct values held. */
  long valueBytes() {
    return valueBytes;
  }

  /**
   * The codes of one column's recent values by identity: a direct-mapped cache on {@link
   * System#identityHashCode}. The writer hands the same {@code Binary} instance for the same value
   * (shared strings and headers, {@link StringBinaries}, {@link HeaderBinaries}), so most lookups
   * end here without hashing the value's bytes: {@code Binary.hashCode} is not cached and was ~3 %
   * of a flush thread's CPU for the resource headers alone. Only codes of values in the table are
   * kept (they never change); the binaries are constant, so an identical one is an equal one.
   */
  private static final class IdentityCodes {
    private static final int SIZE = 64;
    private final Object[] values = new Object[SIZE];
    private final int[] codes = new int[SIZE];

    /** The code remembered for this very object, or {@link ShapeTable#ABSENT}. */
    int code(Object v) {
      int i = System.identityHashCode(v) & (SIZE - 1);
      return values[i] == v ? codes[i] : ShapeTable.ABSENT;
    }

    void remember(Object v, int code) {
      int i = System.identityHashCode(v) & (SIZE - 1);
      values[i] = v;
      codes[i] = code;
    }
  }
}
