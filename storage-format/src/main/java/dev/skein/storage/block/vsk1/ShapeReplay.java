package dev.skein.storage.block.vsk1;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;

/**
 * Feeds a row's shape values into a record converter as if they had been read from their columns:
 * the read side of {@link ShapeTable} for materializers. The row's {@code shape} value arrives
 * before or after its real columns; a cell with a value has no value in the real column and vice
 * versa, so the order does not matter. Per shape, the (converter, value) pairs of the requested
 * columns are worked out once. Not thread-safe.
 */
final class ShapeReplay {

  /**
   * A converter that caches what it makes of a shape value by the value's index among its column's
   * distinct values in the table ({@link ShapeTable#values}), so each is decoded once per read.
   */
  interface Sink {
    void addShapeValue(int valueIndex, Object value);
  }

  private final ShapeTable table;

  /** By table column: the root converter of that column in the requested schema, or null. */
  private final PrimitiveConverter[] converters;

  private final Prepared[] prepared;

  ShapeReplay(ShapeTable table, MessageType requested, GroupConverter root) {
    this.table = table;
    List<ShapeColumn> columns = table.columns();
    this.converters = new PrimitiveConverter[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      String name = columns.get(c).name();
      if (requested.containsField(name)) {
        converters[c] = root.getConverter(requested.getFieldIndex(name)).asPrimitiveConverter();
      }
    }
    this.prepared = new Prepared[table.size()];
  }

  /**
   * Sets the values shape {@code ordinal} holds.
   *
   * @throws IllegalStateException when the block's table has no such shape
   */
  void apply(int ordinal) {
    if (ordinal == ShapeTable.ALL_IN_COLUMNS) {
      return;
    }
    if (!table.contains(ordinal)) {
      throw new IllegalStateException(
          "shape " + ordinal + " not in the block's table of " + table.size() + " shapes");
    }
    Prepared p = prepared[ordinal];
    if (p == null) {
      p = prepare(ordinal);
      prepared[ordinal] = p;
    }
    for (int k = 0; k < p.converters.length; k++) {
      PrimitiveConverter c = p.converters[k];
      Object v = p.values[k];
      if (c instanceof Sink s) {
        s.addShapeValue(p.valueIndexes[k], v);
      } else {
        switch (v) {
          case Binary b -> c.addBinary(b);
          case Integer i -> c.addInt(i);
          case Long l -> c.addLong(l);
          default -> throw new IllegalStateException("not a shape value: " + v.getClass());
        }
      }
    }
  }

  private Prepared prepare(int ordinal) {
    List<PrimitiveConverter> cs = new ArrayList<>();
    List<Object> vs = new ArrayList<>();
    List<Integer> is = new ArrayList<>();
    for (int c = 0; c < converters.length; c++) {
      if (converters[c] == null) {
        continue;
      }
      int code = table.code(ordinal, c);
      if (code >= 2) {
        cs.add(converters[c]);
        vs.add(table.cell(ordinal, c));
        is.add(code - 2);
      }
    }
    return new Prepared(
        cs.toArray(PrimitiveConverter[]::new),
        vs.toArray(),
        is.stream().mapToInt(Integer::intValue).toArray());
  }

  private record Prepared(PrimitiveConverter[] converters, Object[] values, int[] valueIndexes) {}
}
