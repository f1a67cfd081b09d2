package dev.skein.storage.block.vsk1;

import java.util.ArrayList;
import java.util.List;

/**
 * A column of {@code data.parquet} whose value a row may take from its span shape ({@link
 * ShapeTable}) instead of storing it: the low-cardinality per-span columns that, given the kind of
 * span, carry a few bits together (name, kind, status code, presence, resource, scope, attribute
 * layout, the dedicated attribute columns and the string and int slots). Hex slots, ids, times and
 * generic lists are never shape columns.
 *
 * @param name the Parquet column name
 * @param type the physical type of its values in the shape table and in the column
 * @param intrinsic whether the column is a span intrinsic (few values per kind of span, a larger
 *     distinct-value limit, {@link ShapeLimits}) rather than an attribute column
 */
record ShapeColumn(String name, Type type, boolean intrinsic) {

  /** Physical value type; values are {@code Binary}, {@code Integer} and {@code Long}. */
  enum Type {
    BINARY,
    INT32,
    INT64
  }

  /** Every shape column, in schema order (the writer fills a row's cells in this order). */
  static final List<ShapeColumn> ALL = all();

  private static List<ShapeColumn> all() {
    List<ShapeColumn> c = new ArrayList<>();
    c.add(new ShapeColumn("presence", Type.INT32, true));
    c.add(new ShapeColumn("resource", Type.BINARY, true));
    c.add(new ShapeColumn("scope", Type.BINARY, true));
    c.add(new ShapeColumn("scope_name", Type.BINARY, true));
    c.add(new ShapeColumn("scope_version", Type.BINARY, true));
    c.add(new ShapeColumn("name", Type.BINARY, true));
    c.add(new ShapeColumn("kind", Type.INT32, true));
    c.add(new ShapeColumn("status_code", Type.INT32, true));
    c.add(new ShapeColumn("attr_layout", Type.BINARY, true));
    for (String s : Dedicated.SPAN_STRING.values().stream().sorted().toList()) {
      c.add(new ShapeColumn(s, Type.BINARY, false));
    }
    for (String s : Dedicated.SPAN_INT.values().stream().sorted().toList()) {
      c.add(new ShapeColumn(s, Type.INT64, false));
    }
    for (int i = 0; i < AttrSlots.Kind.STR.slots; i++) {
      c.add(new ShapeColumn(AttrSlots.Kind.STR.column(i), Type.BINARY, false));
    }
    for (int i = 0; i < AttrSlots.Kind.INT.slots; i++) {
      c.add(new ShapeColumn(AttrSlots.Kind.INT.column(i), Type.INT64, false));
    }
    return List.copyOf(c);
  }
}
