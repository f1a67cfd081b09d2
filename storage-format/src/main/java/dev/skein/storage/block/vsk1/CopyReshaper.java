package dev.skein.storage.block.vsk1;

import java.util.Arrays;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a row copied from another vsk1 block ({@link CopiedRow}) re-shaped for this block: its
 * shape-column values — those standing in the input block's shape and those in its columns — are
 * shaped by this block's {@link RowShapes}, exactly as if the trace had been decoded and added, and
 * every other field is replayed as captured (slot columns under the output's slots, {@link
 * SlotRemap}). Fields are written in schema order. Not thread-safe; one per block writer.
 */
final class CopyReshaper {

  private static final MessageType S = Vsk1Schema.SCHEMA;
  private static final int SHAPE = S.getFieldIndex("shape");
  private static final int LAYOUT = S.getFieldIndex("attr_layout");

  /** Tag of an emitted entry: the row's new shape ordinal. */
  private static final int SHAPE_TAG = Integer.MAX_VALUE;

  /** Tag bit of an emitted entry: a shape cell left for its column (index in the low bits). */
  private static final int CELL_TAG = 1 << 30;

  /** Shape index by schema field index, -1 for fields that are not shape columns. */
  private static final int[] SHAPE_OF_FIELD = shapeOfField();

  private final RowShapes shapes;
  private final int[] fields = new int[3 * S.getFieldCount()];
  private final long[] order = new long[2 * S.getFieldCount() + 1];

  CopyReshaper(RowShapes shapes) {
    this.shapes = shapes;
  }

  /** Writes {@code c} as one record to {@code rc}. */
  void write(CopiedRow c, RecordConsumer rc) {
    CapturedRows rows = c.rows();
    SlotRemap slots = c.slots();
    Object[] cells = shapes.start();
    int n = rows.topLevelFields(c.index(), fields);
    int ordinal = ShapeTable.ALL_IN_COLUMNS;
    int entries = 0;
    for (int k = 0; k < n; k++) {
      int f = fields[3 * k];
      if (f == SHAPE) {
        ordinal = (Integer) rows.value(fields[3 * k + 1]);
      } else if (SHAPE_OF_FIELD[f] >= 0) {
        int out = outField(f, slots);
        cells[SHAPE_OF_FIELD[out]] = value(f, rows.value(fields[3 * k + 1]), slots);
      } else {
        order[entries++] = (long) outField(f, slots) << 32 | k;
      }
    }
    if (ordinal != ShapeTable.ALL_IN_COLUMNS) {
      fromInputShape(c.shapes(), ordinal, slots, cells);
    }
    int shape = shapes.shape();
    order[entries++] = (long) SHAPE << 32 | SHAPE_TAG;
    for (int i = 0; i < cells.length; i++) {
      if (shapes.cell(i) != null) {
        order[entries++] = (long) RowShapes.field(i) << 32 | CELL_TAG | i;
      }
    }
    Arrays.sort(order, 0, entries);
    rc.startMessage();
    for (int i = 0; i < entries; i++) {
      int field = (int) (order[i] >>> 32);
      int tag = (int) order[i];
      if (tag == SHAPE_TAG) {
        primitive(rc, field, shape);
      } else if ((tag & CELL_TAG) != 0) {
        primitive(rc, field, shapes.cell(tag & ~CELL_TAG));
      } else {
        rows.replayField(fields[3 * tag + 1], fields[3 * tag + 2], field, rc);
      }
    }
    rc.endMessage();
  }

  /** Puts the values input shape {@code ordinal} holds into {@code cells}, under output columns. */
  private static void fromInputShape(
      ShapeTable input, int ordinal, SlotRemap slots, Object[] cells) {
    if (!input.contains(ordinal)) {
      throw new IllegalStateException(
          "shape " + ordinal + " not in the input block's table of " + input.size() + " shapes");
    }
    for (int c = 0; c < input.columns().size(); c++) {
      Object v = input.cell(ordinal, c);
      if (v != null && v != ShapeTable.IN_COLUMN) {
        int f = S.getFieldIndex(input.columns().get(c).name());
        cells[SHAPE_OF_FIELD[outField(f, slots)]] = value(f, v, slots);
      }
    }
  }

  private static int outField(int field, SlotRemap slots) {
    return slots != null && slots.movable(field) ? slots.field(field) : field;
  }

  private static Object value(int field, Object v, SlotRemap slots) {
    return slots != null && field == LAYOUT ? slots.value(field, (Binary) v) : v;
  }

  private static void primitive(RecordConsumer rc, int field, Object value) {
    String name = S.getFieldName(field);
    rc.startField(name, field);
    switch (value) {
      case Integer i -> rc.addInteger(i);
      case Long l -> rc.addLong(l);
      case Binary b -> rc.addBinary(b);
      default -> throw new IllegalStateException("not a shape value: " + value.getClass());
    }
    rc.endField(name, field);
  }

  private static int[] shapeOfField() {
    int[] out = new int[S.getFieldCount()];
    Arrays.fill(out, -1);
    for (int i = 0; i < ShapeColumn.ALL.size(); i++) {
      out[S.getFieldIndex(ShapeColumn.ALL.get(i).name())] = i;
    }
    return out;
  }
}
