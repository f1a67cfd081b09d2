package dev.skein.storage.block.vsk1;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The read side of {@link ShapeTable} for the pushdown's column slots ({@link ColumnSlot}): after a
 * row's columns are loaded, sets each projected shape column's slot to the value the row's shape
 * holds (a value, or absent), so every test and {@link AttrLocator} reads "value of column C on
 * this row" from the slot whatever the block stored where. Slots so set carry the value's index
 * among the column's distinct table values, by which {@link CachedTest} and {@link AttrLocator}
 * cache their answers (once per distinct value). What each shape sets is worked out once. The
 * filter scan uses it on the rows its {@link ShapeVerdicts} cannot decide by shape, and to compute
 * those verdicts ({@link #setShape}). Not thread-safe.
 */
final class ShapeSlots {

  private final ShapeTable table;
  private final ColumnSlot shape;

  /** Table column index and slot of each projected shape column. */
  private final int[] columns;

  private final ColumnSlot[] slots;

  private final @Nullable Prepared[] prepared;

  /** Null when the scan's projection holds no shape column, or the block has no shapes. */
  static @Nullable ShapeSlots of(ShapeTable table, ColumnSlot.Tree tree) {
    if (table.size() <= 1 || !tree.has("shape")) {
      return null;
    }
    return new ShapeSlots(table, tree);
  }

  private ShapeSlots(ShapeTable table, ColumnSlot.Tree tree) {
    this.table = table;
    this.shape = tree.slot("shape");
    List<Integer> cs = new ArrayList<>();
    List<ColumnSlot> ss = new ArrayList<>();
    for (int c = 0; c < table.columns().size(); c++) {
      String name = table.columns().get(c).name();
      if (tree.has(name)) {
        cs.add(c);
        ss.add(tree.slot(name));
      }
    }
    this.columns = cs.stream().mapToInt(Integer::intValue).toArray();
    this.slots = ss.toArray(ColumnSlot[]::new);
    this.prepared = new Prepared[table.size()];
  }

  /**
   * Sets the shape columns' slots from the current row's shape; call after loading the row.
   *
   * @throws IllegalStateException when the row's shape is not in the block's table
   */
  void apply() {
    int ordinal = (int) shape.longValue();
    if (ordinal == ShapeTable.ALL_IN_COLUMNS) {
      return;
    }
    check(ordinal);
    Prepared p = prepared[ordinal];
    if (p == null) {
      p = prepare(ordinal);
      prepared[ordinal] = p;
    }
    for (int k = 0; k < p.slots.length; k++) {
      p.slots[k].shapeValue(p.valueIndexes[k], p.values[k]);
    }
  }

  /**
   * Sets every projected shape column's slot as shape {@code ordinal} alone determines it, for
   * evaluating a test once per shape ({@link ShapeVerdicts}): the shape's value or absent, and
   * absent also where the value is in the real column (a test reading such a column must not be
   * judged by the shape; the caller knows which, by {@link ShapeTable#code}).
   */
  void setShape(int ordinal) {
    check(ordinal);
    for (int k = 0; k < columns.length; k++) {
      Object v = table.cell(ordinal, columns[k]);
      int code = table.code(ordinal, columns[k]);
      slots[k].shapeValue(code - 2, v == ShapeTable.IN_COLUMN ? null : v);
    }
  }

  /** The ordinal of the current row's shape (the {@code shape} slot must be loaded). */
  int ordinal() {
    int ordinal = (int) shape.longValue();
    check(ordinal);
    return ordinal;
  }

  private void check(int ordinal) {
    if (!table.contains(ordinal)) {
      throw new IllegalStateException(
          "shape " + ordinal + " not in the block's table of " + table.size() + " shapes");
    }
  }

  /** The slots shape {@code ordinal} sets (those not in their column) and what to. */
  private Prepared prepare(int ordinal) {
    List<ColumnSlot> ss = new ArrayList<>();
    List<@Nullable Object> vs = new ArrayList<>();
    List<Integer> is = new ArrayList<>();
    for (int k = 0; k < columns.length; k++) {
      int code = table.code(ordinal, columns[k]);
      if (code != ShapeTable.IN_COLUMN_CODE) {
        ss.add(slots[k]);
        vs.add(table.cell(ordinal, columns[k]));
        is.add(code - 2);
      }
    }
    return new Prepared(
        ss.toArray(ColumnSlot[]::new),
        vs.toArray(),
        is.stream().mapToInt(Integer::intValue).toArray());
  }

  private record Prepared(ColumnSlot[] slots, @Nullable Object[] values, int[] valueIndexes) {}
}
