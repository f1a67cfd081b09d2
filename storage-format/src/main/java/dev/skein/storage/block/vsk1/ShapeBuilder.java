package dev.skein.storage.block.vsk1;

import java.util.ArrayList;
import java.util.Arrays;
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

  private final Map<Key, Integer> ordinals = new HashMap<>();
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
    Key key = new Key(rowCodes);
    Integer ordinal = ordinals.get(key);
    if (ordinal == null) {
      if (shapes.size() + 1 >= limits.maxShapes()) {
        fallbackRows++;
        return ShapeTable.ALL_IN_COLUMNS; // every present value stays in its cell
      }
      int[] codes = rowCodes.clone();
      shapes.add(codes);
      ordinal = shapes.size();
      ordinals.put(new Key(codes), ordinal);
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
    code = known.size() + 2;
    known.put(kept, code);
    return code;
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

  /** A row's cell codes as a map key. */
  private record Key(int[] codes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(codes, k.codes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
      return Arrays.toString(codes);
    }
  }
}
