package dev.skein.storage.block.vsk1;

import dev.skein.storage.block.vsk1.AttrSlots.Kind;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;
import org.jspecify.annotations.Nullable;

/**
 * Where each attribute of a span is stored, in order: the {@code attr_layout} column holds one byte
 * per attribute, {@link #GENERIC} for the next entry of the generic {@code attrs} list, otherwise a
 * fixed {@link Dedicated} column or a per-block {@link AttrSlots} column (with the value's type
 * where the column alone does not tell it). A block has a handful of distinct layouts (one per kind
 * of span), so the dictionary-encoded column costs a fraction of a byte per span, and neither the
 * key nor the type of a column-stored attribute is written per value. Attribute order and duplicate
 * keys survive: a duplicate stays in the generic list.
 */
final class SpanAttrLayout {

  /** The next entry of the generic list. */
  static final int GENERIC = 0;

  /** The fixed dedicated span columns, strings then ints; code = 1 + index. */
  static final List<String> FIXED = fixed();

  private static final Map<String, Integer> FIXED_CODE = fixedCodes();

  /** Fixed dedicated column name to its attribute key. */
  private static final Map<String, String> FIXED_KEY = fixedKeys();

  /** Attribute key to its fixed dedicated string column's layout code and field index. */
  private static final Map<String, Fixed> FIXED_STRING = fixedColumns(Dedicated.SPAN_STRING);

  /** Attribute key to its fixed dedicated int column's layout code and field index. */
  private static final Map<String, Fixed> FIXED_INT = fixedColumns(Dedicated.SPAN_INT);

  /** Schema field index of each slot column, by kind ordinal and slot. */
  private static final int[][] SLOT_FIELDS = slotFields();

  static final int STR = 64;
  static final int INT = STR + Kind.STR.slots;
  static final int BOOL = INT + Kind.INT.slots;
  static final int HEX = BOOL + Kind.INT.slots;
  static final int HEX_ODD = HEX + Kind.HEX.slots;
  static final int END = HEX_ODD + Kind.HEX.slots;

  private SpanAttrLayout() {}

  /**
   * The column holding the values of layout code {@code code} (a fixed dedicated column or a slot
   * column), or null for {@link #GENERIC} and codes that name no column.
   */
  static @Nullable String column(int code) {
    if (code <= GENERIC || code >= END) {
      return null;
    }
    if (code <= FIXED.size()) {
      return FIXED.get(code - 1);
    }
    if (code < STR) {
      return null;
    }
    if (code < INT) {
      return Kind.STR.column(code - STR);
    }
    if (code < HEX) {
      return Kind.INT.column((code - INT) % Kind.INT.slots);
    }
    return Kind.HEX.column((code - HEX) % Kind.HEX.slots);
  }

  /**
   * The attribute key of layout code {@code code} in a block whose slot assignment is {@code
   * slots}, or null when the code names no column or an unassigned slot (a corrupt layout).
   */
  static @Nullable String key(int code, AttrSlots slots) {
    String column = column(code);
    if (column == null) {
      return null;
    }
    if (code <= FIXED.size()) {
      return FIXED_KEY.get(column);
    }
    if (code < INT) {
      return slots.key(Kind.STR, code - STR);
    }
    if (code < HEX) {
      return slots.key(Kind.INT, (code - INT) % Kind.INT.slots);
    }
    return slots.key(Kind.HEX, (code - HEX) % Kind.HEX.slots);
  }

  /** Whether the column of {@code code} holds strings (fixed string columns and string slots). */
  static boolean isString(int code) {
    return (code > GENERIC && code <= Dedicated.SPAN_STRING.size()) || (code >= STR && code < INT);
  }

  /**
   * Splits {@code attrs}: values that go to a column are put into {@code columns} (a String, Long
   * or Binary per column), the rest appended to {@code generic}; returns the layout bytes.
   */
  static byte[] split(
      List<KeyValue> attrs, AttrSlots.Assigner slots, SpanColumns columns, List<KeyValue> generic) {
    byte[] layout = new byte[attrs.size()];
    for (int i = 0; i < layout.length; i++) {
      KeyValue kv = attrs.get(i);
      int code = place(kv, slots, columns);
      if (code == GENERIC) {
        generic.add(kv);
      }
      layout[i] = (byte) code;
    }
    return layout;
  }

  private static int place(KeyValue kv, AttrSlots.Assigner slots, SpanColumns columns) {
    AnyValue v = kv.getValue();
    String key = kv.getKey();
    return switch (AttrCodec.typeOf(kv)) {
      case AttrCodec.STRING -> {
        String s = v.getStringValue();
        Fixed fixed = FIXED_STRING.get(key);
        if (fixed != null && columns.putIfAbsent(fixed.field, s)) {
          yield fixed.code;
        }
        if (AttrCodec.isLowerHex(s)) {
          int slot = free(slots, key, Kind.HEX, columns);
          if (slot < 0) {
            yield GENERIC;
          }
          columns.put(
              slotField(Kind.HEX, slot), Binary.fromConstantByteArray(AttrCodec.hexBytes(s)));
          yield (s.length() % 2 == 0 ? HEX : HEX_ODD) + slot;
        }
        int slot = free(slots, key, Kind.STR, columns);
        if (slot < 0) {
          yield GENERIC;
        }
        columns.put(slotField(Kind.STR, slot), s);
        yield STR + slot;
      }
      case AttrCodec.INT -> {
        Fixed fixed = FIXED_INT.get(key);
        if (fixed != null && columns.putIfAbsent(fixed.field, v.getIntValue())) {
          yield fixed.code;
        }
        int slot = free(slots, key, Kind.INT, columns);
        if (slot < 0) {
          yield GENERIC;
        }
        columns.put(slotField(Kind.INT, slot), v.getIntValue());
        yield INT + slot;
      }
      case AttrCodec.BOOL -> {
        int slot = free(slots, key, Kind.INT, columns);
        if (slot < 0) {
          yield GENERIC;
        }
        columns.put(slotField(Kind.INT, slot), v.getBoolValue() ? 1L : 0L);
        yield BOOL + slot;
      }
      default -> GENERIC;
    };
  }

  /** The slot of (key, kind) when it has one and this span has not filled it yet, else -1. */
  private static int free(AttrSlots.Assigner slots, String key, Kind kind, SpanColumns columns) {
    int slot = slots.slot(key, kind);
    return slot < 0 || columns.has(slotField(kind, slot)) ? -1 : slot;
  }

  /** The schema field index of slot column {@code slot} of {@code kind}. */
  private static int slotField(Kind kind, int slot) {
    return SLOT_FIELDS[kind.ordinal()][slot];
  }

  /** A fixed dedicated column: its layout code and schema field index. */
  private record Fixed(int code, int field) {}

  private static Map<String, Fixed> fixedColumns(Map<String, String> columnByKey) {
    Map<String, Fixed> m = new HashMap<>();
    columnByKey.forEach(
        (key, column) ->
            m.put(key, new Fixed(FIXED_CODE.get(column), Vsk1Schema.SCHEMA.getFieldIndex(column))));
    return Map.copyOf(m);
  }

  private static int[][] slotFields() {
    int[][] out = new int[Kind.values().length][];
    for (Kind k : Kind.values()) {
      out[k.ordinal()] = new int[k.slots];
      for (int slot = 0; slot < k.slots; slot++) {
        out[k.ordinal()][slot] = Vsk1Schema.SCHEMA.getFieldIndex(k.column(slot));
      }
    }
    return out;
  }

  private static Map<String, Integer> fixedCodes() {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < FIXED.size(); i++) {
      m.put(FIXED.get(i), 1 + i);
    }
    return Map.copyOf(m);
  }

  private static Map<String, String> fixedKeys() {
    Map<String, String> m = new HashMap<>();
    Dedicated.SPAN_STRING.forEach((k, c) -> m.put(c, k));
    Dedicated.SPAN_INT.forEach((k, c) -> m.put(c, k));
    return Map.copyOf(m);
  }

  private static List<String> fixed() {
    List<String> out = new ArrayList<>(Dedicated.SPAN_STRING.values().stream().sorted().toList());
    out.addAll(Dedicated.SPAN_INT.values().stream().sorted().toList());
    if (out.size() >= STR) {
      throw new AssertionError("too many dedicated span columns for the layout codes");
    }
    return List.copyOf(out);
  }
}
