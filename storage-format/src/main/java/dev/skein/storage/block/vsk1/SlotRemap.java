package dev.skein.storage.block.vsk1;

import dev.skein.storage.block.vsk1.AttrSlots.Kind;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Moves the attribute slot columns of rows copied from one input block ({@link AttrSlots}) to the
 * slots the output block assigns to the same (key, kind) pairs, assigning free output slots to keys
 * the output has not seen yet: a slot column's value is written under the output's column and the
 * slot numbers inside {@code attr_layout} ({@link SpanAttrLayout}) are rewritten to match. A trace
 * using a key that finds no free output slot cannot be copied (its value would have to move into
 * the generic list): {@link #plan} says so, and the writer decodes that trace. Not thread-safe.
 */
final class SlotRemap implements CapturedRows.FieldRemap {

  /** How a trace's rows go to the output. */
  enum Plan {
    /** Every slot the rows use has the same number in the output: replay as read. */
    VERBATIM,
    /** Replay through this remap. */
    REMAP,
    /** Some key has no output slot (or the layout is unreadable): decode and add the trace. */
    DECODE
  }

  private static final MessageType S = Vsk1Schema.SCHEMA;
  private static final int LAYOUT = S.getFieldIndex("attr_layout");
  private static final int SHAPE = S.getFieldIndex("shape");
  private static final int FIRST_SLOT = S.getFieldIndex(AttrSlots.COLUMNS.getFirst());
  private static final int LAST_SLOT = S.getFieldIndex(AttrSlots.COLUMNS.getLast());
  private static final int UNKNOWN = -1;
  private static final int NONE = -2;

  private final AttrSlots input;
  private final AttrSlots.Assigner output;

  /** By input layout code: the output code, {@link #UNKNOWN} or {@link #NONE}. */
  private final int[] codes = new int[SpanAttrLayout.END];

  /** By input slot column (offset from {@link #FIRST_SLOT}): the output field, or UNKNOWN. */
  private final int[] fields = new int[LAST_SLOT - FIRST_SLOT + 1];

  SlotRemap(AttrSlots input, AttrSlots.Assigner output) {
    if (LAST_SLOT - FIRST_SLOT + 1 != AttrSlots.COLUMNS.size()) {
      throw new AssertionError("slot columns are not consecutive in the vsk1 schema");
    }
    this.input = input;
    this.output = output;
    for (int c = 0; c < SpanAttrLayout.STR; c++) {
      codes[c] = c; // generic and fixed dedicated columns are the same in every block
    }
    Arrays.fill(codes, SpanAttrLayout.STR, codes.length, UNKNOWN);
    Arrays.fill(fields, UNKNOWN);
  }

  /**
   * How the rows of one trace (captured with the vsk1 schema) go to the output; assigns output
   * slots to the keys they use that the output has not seen yet.
   */
  Plan plan(CapturedRows rows, ShapeTable shapes) {
    boolean same = true;
    for (int r = 0; r < rows.rowCount(); r++) {
      Binary layout = layout(rows, r, shapes);
      if (layout == null) {
        return Plan.DECODE; // not a row this writer wrote: decoding reports it
      }
      ByteBuffer bytes = layout.toByteBuffer();
      for (int i = bytes.position(); i < bytes.limit(); i++) {
        int code = bytes.get(i) & 0xff;
        if (code >= codes.length) {
          return Plan.DECODE;
        }
        int to = codes[code] == UNKNOWN ? resolve(code) : codes[code];
        if (to == NONE) {
          return Plan.DECODE;
        }
        same &= to == code;
      }
    }
    return same ? Plan.VERBATIM : Plan.REMAP;
  }

  /** The {@code attr_layout} of row {@code r}: in its column or in its span shape; or null. */
  private static Binary layout(CapturedRows rows, int r, ShapeTable shapes) {
    Binary layout = rows.topLevelBinary(r, LAYOUT);
    if (layout != null) {
      return layout;
    }
    Integer ordinal = rows.topLevelInt(r, SHAPE);
    int column = shapes.column("attr_layout");
    if (ordinal == null || column < 0 || !shapes.contains(ordinal)) {
      return null;
    }
    return shapes.cell(ordinal, column) instanceof Binary b ? b : null;
  }

  /** Maps input slot code {@code code} to the output's, assigning an output slot if needed. */
  private int resolve(int code) {
    Kind kind;
    int base;
    if (code < SpanAttrLayout.INT) {
      kind = Kind.STR;
      base = SpanAttrLayout.STR;
    } else if (code < SpanAttrLayout.BOOL) {
      kind = Kind.INT;
      base = SpanAttrLayout.INT;
    } else if (code < SpanAttrLayout.HEX) {
      kind = Kind.INT;
      base = SpanAttrLayout.BOOL;
    } else if (code < SpanAttrLayout.HEX_ODD) {
      kind = Kind.HEX;
      base = SpanAttrLayout.HEX;
    } else {
      kind = Kind.HEX;
      base = SpanAttrLayout.HEX_ODD;
    }
    int slot = code - base;
    String key = input.key(kind, slot);
    int out = key == null ? -1 : output.slot(key, kind);
    if (out < 0) {
      codes[code] = NONE;
      return NONE;
    }
    fields[S.getFieldIndex(kind.column(slot)) - FIRST_SLOT] = S.getFieldIndex(kind.column(out));
    codes[code] = base + out;
    return base + out;
  }

  @Override
  public boolean movable(int field) {
    return field >= FIRST_SLOT && field <= LAST_SLOT;
  }

  @Override
  public int field(int field) {
    int to = fields[field - FIRST_SLOT];
    if (to == UNKNOWN) {
      throw new IllegalStateException(
          "copied row holds slot column " + S.getFieldName(field) + " that its layout never names");
    }
    return to;
  }

  @Override
  public Binary value(int field, Binary v) {
    if (field != LAYOUT) {
      return v;
    }
    ByteBuffer in = v.toByteBuffer();
    byte[] out = new byte[in.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) codes[in.get(in.position() + i) & 0xff];
    }
    return Binary.fromConstantByteArray(out);
  }
}
