package dev.skein.storage.block.vsk1;

import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.Scope;
import dev.skein.traceql.plan.Condition;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The pushdown's answers by span shape ({@link ShapeTable}): for each part of a {@link
 * TraceFilterScan} (a conjunction of {@link RowTest}s) and each shape ordinal, whether every row of
 * that shape satisfies the part ({@link #MATCH}), none does ({@link #NO_MATCH}), or the row's own
 * columns must be read ({@link #CHECK_ROW}). A test is judged by the shape only when every column
 * it reads stands in the shape for that ordinal; a column the shape says is in the real column
 * ("spilled", and every column of shape 0), a column that is never a shape column (duration, status
 * message, the generic attribute lists) leaves the test to the row. Verdicts are computed once per
 * (shape, part) by setting the slots from the shape ({@link ShapeSlots#setShape}) and running the
 * same tests as a row, so a row whose shape decides its parts costs one ordinal read and an array
 * lookup. Per row-group read mode (generic lists and layout read or not), since {@link AttrLocator}
 * reads different columns in each. Not thread-safe.
 */
final class ShapeVerdicts {

  /** No row of the shape satisfies the part. */
  static final byte NO_MATCH = 1;

  /** Every row of the shape satisfies the part. */
  static final byte MATCH = 2;

  /** The part depends on a column the shape does not hold: test the row. */
  static final byte CHECK_ROW = 3;

  private final ShapeTable table;
  private final ShapeSlots slots;
  private final @Nullable AttrLocator locator;
  private final List<List<RowTest>> parts;
  private final List<List<Condition>> conditions;
  private final AttrSlots attrSlots;

  /** By read mode: per part and test, the table columns it reads (null: not all shape columns). */
  private final int[][][][] deps = new int[4][][][];

  /** By read mode and ordinal: the verdict of each part, null until computed. */
  private final byte[][][] verdicts = new byte[4][][];

  private int mode;
  private boolean genericRead;

  ShapeVerdicts(
      ShapeTable table,
      ShapeSlots slots,
      @Nullable AttrLocator locator,
      List<List<Condition>> conditions,
      List<List<RowTest>> parts,
      AttrSlots attrSlots) {
    this.table = table;
    this.slots = slots;
    this.locator = locator;
    this.conditions = conditions;
    this.parts = parts;
    this.attrSlots = attrSlots;
  }

  /** Starts a row group read with or without the generic lists and {@code attr_layout}. */
  void startRowGroup(boolean generic, boolean layout) {
    this.genericRead = generic;
    this.mode = (generic ? 2 : 0) | (layout ? 1 : 0);
    if (deps[mode] == null) {
      deps[mode] = dependencies(generic, layout);
      verdicts[mode] = new byte[table.size()][];
    }
  }

  /**
   * The verdicts of every part for shape {@code ordinal}, by part index. Computing them overwrites
   * the shape columns' slots: call before loading the row.
   */
  byte[] of(int ordinal) {
    byte[] v = verdicts[mode][ordinal];
    if (v == null) {
      v = compute(ordinal);
      verdicts[mode][ordinal] = v;
    }
    return v;
  }

  private byte[] compute(int ordinal) {
    slots.setShape(ordinal);
    if (locator != null && !genericRead) {
      locator.readRow(); // reads only attr_layout and the keys' columns, as the shape sets them
    }
    byte[] out = new byte[parts.size()];
    for (int p = 0; p < out.length; p++) {
      out[p] = verdict(ordinal, deps[mode][p], parts.get(p));
    }
    return out;
  }

  private byte verdict(int ordinal, int[][] partDeps, List<RowTest> tests) {
    boolean unresolved = false;
    for (int t = 0; t < tests.size(); t++) {
      if (!inShape(ordinal, partDeps[t])) {
        unresolved = true;
      } else if (!tests.get(t).test()) {
        return NO_MATCH;
      }
    }
    return unresolved ? CHECK_ROW : MATCH;
  }

  private boolean inShape(int ordinal, int @Nullable [] columns) {
    if (columns == null) {
      return false;
    }
    for (int c : columns) {
      if (table.code(ordinal, c) == ShapeTable.IN_COLUMN_CODE) {
        return false;
      }
    }
    return true;
  }

  private int[][][] dependencies(boolean generic, boolean layout) {
    int[][][] out = new int[conditions.size()][][];
    for (int p = 0; p < out.length; p++) {
      List<Condition> part = conditions.get(p);
      out[p] = new int[part.size()][];
      for (int t = 0; t < part.size(); t++) {
        out[p][t] = tableColumns(columnsRead(part.get(t), generic, layout));
      }
    }
    return out;
  }

  /**
   * The columns the row test of {@code c} reads in a row group read in the given mode, null when it
   * reads the generic lists (row by row, never in a shape).
   */
  private @Nullable List<String> columnsRead(Condition c, boolean generic, boolean layout) {
    if (!(c.field() instanceof Attribute a)
        || (a.scope() != Scope.SPAN && a.scope() != Scope.UNSCOPED)) {
      return RowTests.columns(c);
    }
    if (generic) {
      return null;
    }
    List<String> out = new ArrayList<>(AttrLocator.columns(a.name(), attrSlots));
    if (layout) {
      out.add("attr_layout");
    }
    if (a.scope() == Scope.UNSCOPED) {
      out.add("resource");
    }
    return out;
  }

  private int @Nullable [] tableColumns(@Nullable List<String> names) {
    if (names == null) {
      return null;
    }
    int[] out = new int[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = table.column(names.get(i));
      if (out[i] < 0) {
        return null;
      }
    }
    return out;
  }
}
