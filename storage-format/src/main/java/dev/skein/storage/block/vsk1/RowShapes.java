package dev.skein.storage.block.vsk1;

import org.jspecify.annotations.Nullable;

/**
 * The writer's side of span shapes: collects one row's shape-column values ({@link ShapeColumn}),
 * shapes them with the block's {@link ShapeBuilder}, and hands back the values that still go to
 * their real columns. Keeps the shape logic out of {@link SpanWriteSupport}'s write calls. Not
 * thread-safe; one per block.
 */
final class RowShapes {

  static final int PRESENCE = index("presence");
  static final int RESOURCE = index("resource");
  static final int SCOPE = index("scope");
  static final int SCOPE_NAME = index("scope_name");
  static final int SCOPE_VERSION = index("scope_version");
  static final int NAME = index("name");
  static final int KIND = index("kind");
  static final int STATUS_CODE = index("status_code");
  static final int ATTR_LAYOUT = index("attr_layout");

  /** Schema field index by shape index. */
  private static final int[] FIELDS =
      ShapeColumn.ALL.stream().mapToInt(c -> Vsk1Schema.SCHEMA.getFieldIndex(c.name())).toArray();

  /** Shape index by schema field index for the dedicated and slot columns, -1 for other fields. */
  private static final int[] BY_FIELD = byField();

  private final ShapeBuilder builder;
  private final @Nullable Object[] cells = new Object[ShapeColumn.ALL.size()];

  RowShapes(ShapeLimits limits) {
    this.builder = new ShapeBuilder(limits);
  }

  /** The cells of the row being built, cleared; fill them, then {@link #shape}. */
  @Nullable Object[] start() {
    java.util.Arrays.fill(cells, null);
    return cells;
  }

  /**
   * Moves the row's dedicated and slot column values that are shape columns from {@code columns} (a
   * String, Binary or Long per column) into the cells; strings become binaries by {@code strings}.
   */
  void takeColumns(SpanColumns columns, StringBinaries strings) {
    for (int f = columns.next(0); f >= 0; f = columns.next(f + 1)) {
      int i = BY_FIELD[f];
      if (i < 0) {
        continue; // hex slots
      }
      Object v = columns.take(f);
      cells[i] = v instanceof String s ? strings.of(f, s) : v;
    }
  }

  /** Shapes the row; afterwards {@link #cell} is the value left for each real column. */
  int shape() {
    return builder.shape(cells);
  }

  /** What goes to real column {@code i} after {@link #shape}: its value or null (nothing). */
  @Nullable Object cell(int i) {
    return cells[i];
  }

  /** Puts the dedicated and slot values left for their real columns back into {@code columns}. */
  void returnColumns(SpanColumns columns) {
    for (int i = ATTR_LAYOUT + 1; i < cells.length; i++) {
      if (cells[i] != null) {
        columns.put(FIELDS[i], cells[i]);
      }
    }
  }

  /** The schema field index of shape column {@code i}. */
  static int field(int i) {
    return FIELDS[i];
  }

  /** The block's table so far. */
  ShapeTable table() {
    return builder.table();
  }

  /** The footer metadata value of the table so far. */
  String metadata() {
    return ShapeTableCodec.encode(builder.table());
  }

  private static int index(String column) {
    for (int i = 0; i < ShapeColumn.ALL.size(); i++) {
      if (ShapeColumn.ALL.get(i).name().equals(column)) {
        return i;
      }
    }
    throw new IllegalStateException("not a shape column: " + column);
  }

  private static int[] byField() {
    int[] m = new int[Vsk1Schema.SCHEMA.getFieldCount()];
    java.util.Arrays.fill(m, -1);
    for (int i = index("attr_layout") + 1; i < ShapeColumn.ALL.size(); i++) {
      m[FIELDS[i]] = i;
    }
    return m;
  }
}
