package dev.skein.storage.block.vsk1;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A block's span-shape table: the distinct tuples of shape-column values ({@link ShapeColumn}) its
 * rows have, one ordinal per row standing for the tuple. The one place a reader asks for "value of
 * column C on a row with shape s": a cell is absent (the row has no value), a value, or {@link
 * #IN_COLUMN} (read the real column, whose null means absent). Shape 0 is every column in its real
 * column, which is what a row of a block without shapes, or a row the full table could not take,
 * has. Immutable.
 *
 * <p>Stored as per-column dictionaries of distinct values and one small code per cell (0 absent, 1
 * in column, 2 + k the column's value k), see {@link ShapeTableCodec}.
 */
final class ShapeTable {

  /** The shape whose every cell is {@link #IN_COLUMN}. */
  static final int ALL_IN_COLUMNS = 0;

  /** Cell code: the row has no value in this column. */
  static final int ABSENT = 0;

  /** Cell code: the value is in the real column. */
  static final int IN_COLUMN_CODE = 1;

  /** Cell marker returned by {@link #cell}: the value is in the real column. */
  static final Object IN_COLUMN =
      new Object() {
        @Override
        public String toString() {
          return "IN_COLUMN";
        }
      };

  /** A table with shape 0 only (a block written without shapes). */
  static final ShapeTable NONE = new ShapeTable(ShapeColumn.ALL, emptyValues(), new int[][] {});

  private final List<ShapeColumn> columns;

  /** Distinct values by column index, in code order. */
  private final Object[][] values;

  /** Cell codes by shape (1 and up) and column; shape 0 is implicit. */
  private final int[][] codes;

  ShapeTable(List<ShapeColumn> columns, Object[][] values, int[][] codes) {
    this.columns = List.copyOf(columns);
    this.values = values;
    this.codes = codes;
  }

  private static Object[][] emptyValues() {
    Object[][] v = new Object[ShapeColumn.ALL.size()][];
    for (int i = 0; i < v.length; i++) {
      v[i] = new Object[0];
    }
    return v;
  }

  /** Number of shapes, shape 0 included. */
  int size() {
    return codes.length + 1;
  }

  /** The table's columns, in cell order. */
  List<ShapeColumn> columns() {
    return columns;
  }

  /** Index of {@code column} in this table, or -1 when it is not a shape column here. */
  int column(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code ordinal} names a shape of this table. */
  boolean contains(int ordinal) {
    return ordinal >= 0 && ordinal <= codes.length;
  }

  /** The cell's code ({@link #ABSENT}, {@link #IN_COLUMN_CODE}, or 2 + value index). */
  int code(int ordinal, int column) {
    return ordinal == ALL_IN_COLUMNS ? IN_COLUMN_CODE : codes[ordinal - 1][column];
  }

  /** The value of {@code column} for rows of shape {@code ordinal}: null, a value or IN_COLUMN. */
  @Nullable Object cell(int ordinal, int column) {
    int code = code(ordinal, column);
    return switch (code) {
      case ABSENT -> null;
      case IN_COLUMN_CODE -> IN_COLUMN;
      default -> values[column][code - 2];
    };
  }

  /**
   * The values that stand in the shapes {@code [lo, hi]} for column {@code column}, each once, for
   * pruning. Rows of those shapes whose value is in the real column ({@link #IN_COLUMN}) are not
   * covered: the column's own statistics are, so a pruning rule must check both.
   */
  List<Object> valuesOfShapes(int column, int lo, int hi) {
    List<Object> out = new ArrayList<>();
    boolean[] seen = new boolean[values[column].length];
    for (int s = Math.max(lo, 1); s <= Math.min(hi, codes.length); s++) {
      int code = code(s, column);
      if (code >= 2 && !seen[code - 2]) {
        seen[code - 2] = true;
        out.add(values[column][code - 2]);
      }
    }
    return out;
  }

  /** Raw per-column dictionaries, for the codec. */
  Object[][] valueArrays() {
    return values;
  }

  /** Raw cell codes of shapes 1 and up, for the codec. */
  int[][] codeArrays() {
    return codes;
  }
}
