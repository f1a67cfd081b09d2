package dev.skein.storage.block.vsk1;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.skein.trace.view.AnyValues;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.plan.Condition;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;

/**
 * Finds, in the generic span attributes ({@code attrs}) of the current row, the first entry of each
 * wanted key, its position in the list, and decodes its value as the TraceQL engine sees it on the
 * assembled span. Whether that entry is the span's first of the key (the engine takes the first) is
 * for {@link AttrLocator} to tell from {@code attr_layout}: the key may also sit in a dedicated or
 * slot column. Reads the leaf columns of {@code attrs} in lockstep, decoding only the entries of
 * wanted keys. Not thread-safe.
 */
final class AttrLookup {

  /** What the current row holds for a wanted key. */
  enum State {
    /** No entry: the span has no such attribute. */
    ABSENT,
    /** A generic entry, decoded into {@link #value}. */
    VALUE,
    /** An entry this reader cannot decode: the row must be kept. */
    UNKNOWN
  }

  private static final String[] LEAVES = {"key", "type", "str", "int", "dbl", "raw"};
  private static final HexFormat HEX = HexFormat.of();

  private final Map<String, Integer> keys;
  private final Kind[] kinds;
  private final @Nullable ColumnSlot[] slots = new ColumnSlot[LEAVES.length];
  private final @Nullable ColumnReader[] readers = new ColumnReader[LEAVES.length];
  private final State[] state;
  private final int[] ordinals;
  private final @Nullable Value[] values;
  private int[] keyIndexById = new int[0];
  private int keyGeneration = -1;

  /**
   * Creates the lookup.
   *
   * @param keys the wanted keys, each to its index in {@link #state(int)}
   */
  AttrLookup(Map<String, Integer> keys, Map<String, Kind> kinds, ColumnSlot.Tree tree) {
    this.keys = keys;
    this.kinds = new Kind[keys.size()];
    keys.forEach((key, i) -> this.kinds[i] = kinds.getOrDefault(key, Kind.OTHER));
    this.state = new State[keys.size()];
    this.ordinals = new int[keys.size()];
    this.values = new Value[keys.size()];
    for (int i = 0; i < LEAVES.length; i++) {
      slots[i] = i < 2 || tree.has("attrs", LEAVES[i]) ? tree.slot("attrs", LEAVES[i]) : null;
    }
  }

  /** What the conditions on one key compare it with. */
  enum Kind {
    /** Only strings (or regexes): numbers and booleans never match. */
    STRING,
    /** Only numbers: strings and booleans never match. */
    NUMBER,
    /** Anything else, or a mix. */
    OTHER;

    static Kind of(Condition c) {
      if (c.op() == BinaryOp.REGEX || c.op() == BinaryOp.NOT_REGEX) {
        return STRING;
      }
      return switch (c.operand()) {
        case Value.Str s -> STRING;
        case Value.Int i -> NUMBER;
        case Value.Float f -> NUMBER;
        case Value.Duration d -> NUMBER;
        case null, default -> OTHER;
      };
    }

    Kind and(Kind other) {
      return this == other ? this : OTHER;
    }
  }

  /**
   * The {@code attrs} group projected to the leaves the conditions need in a block whose slot
   * assignment is {@code slots}: key, type and raw always (raw holds arrays, key-value lists, bytes
   * and hex strings); {@code str} unless every key is only compared with numbers, or only with
   * strings while it has a string column in the block (a fixed dedicated one or a string slot: a
   * span's first string of the key is there, so a generic string of the key is never its first
   * entry); {@code int} and {@code dbl} unless every key is only compared with strings. A value in
   * a column that is not read is one the key's conditions can never match (see {@link #decode}), or
   * the row is kept.
   */
  static GroupType projection(Map<String, Kind> kinds, AttrSlots slots) {
    boolean str = false;
    boolean num = false;
    for (Map.Entry<String, Kind> e : kinds.entrySet()) {
      Kind k = e.getValue();
      String key = e.getKey();
      boolean stringColumn =
          Dedicated.SPAN_STRING.containsKey(key) || slots.column(key, AttrSlots.Kind.STR) != null;
      str |= k == Kind.OTHER || (k == Kind.STRING && !stringColumn);
      num |= k != Kind.STRING;
    }
    GroupType attrs = Vsk1Schema.SCHEMA.getType("attrs").asGroupType();
    List<Type> fields = new ArrayList<>();
    for (Type t : attrs.getFields()) {
      String n = t.getName();
      if (n.equals("key")
          || n.equals("type")
          || n.equals("raw")
          || (str && n.equals("str"))
          || (num && (n.equals("int") || n.equals("dbl")))) {
        fields.add(t);
      }
    }
    return attrs.withNewFields(fields);
  }

  /** Binds the column readers of a new row group. */
  void bind(java.util.function.Function<ColumnSlot, ColumnReader> readerOf) {
    for (int i = 0; i < LEAVES.length; i++) {
      readers[i] = slots[i] == null ? null : readerOf.apply(slots[i]);
    }
  }

  State state(int key) {
    return state[key];
  }

  @Nullable Value value(int key) {
    return values[key];
  }

  /**
   * The position in the current row's generic list of key {@code key}'s first entry, or -1 when
   * {@link #state} is {@link State#ABSENT}.
   */
  int ordinal(int key) {
    return ordinals[key];
  }

  /** Reads (and consumes) the attribute entries of the current row. */
  void readRow() {
    Arrays.fill(state, State.ABSENT);
    Arrays.fill(ordinals, -1);
    ColumnReader keyReader = readers[0];
    int entry = 0;
    do {
      if (keyReader.getCurrentDefinitionLevel() == slots[0].descriptor().getMaxDefinitionLevel()) {
        slots[0].load(keyReader);
        int k = keyIndex();
        if (k >= 0 && state[k] == State.ABSENT) {
          ordinals[k] = entry;
          decode(k);
        }
        entry++;
      }
      for (int i = 0; i < readers.length; i++) {
        if (slots[i] != null) {
          slots[i].consume(readers[i]);
        }
      }
    } while (keyReader.getCurrentRepetitionLevel() != 0);
  }

  /** Consumes the attribute entries of a row that is not wanted. */
  void skipRow() {
    ColumnReader keyReader = readers[0];
    do {
      for (int i = 0; i < readers.length; i++) {
        if (slots[i] != null) {
          slots[i].consume(readers[i]);
        }
      }
    } while (keyReader.getCurrentRepetitionLevel() != 0);
  }

  /** The wanted-key index of the current entry's key, or -1. */
  private int keyIndex() {
    ColumnSlot key = slots[0];
    int id = key.dictionaryId();
    if (id < 0) {
      return keys.getOrDefault(key.binary().toStringUsingUTF8(), -1);
    }
    if (keyGeneration != key.generation() || id >= keyIndexById.length) {
      keyIndexById = new int[Math.max(key.dictionarySize(), id + 1)];
      Arrays.fill(keyIndexById, -2);
      keyGeneration = key.generation();
    }
    int k = keyIndexById[id];
    if (k == -2) {
      k = keys.getOrDefault(key.binary().toStringUsingUTF8(), -1);
      keyIndexById[id] = k;
    }
    return k;
  }

  private void decode(int k) {
    slots[1].load(readers[1]);
    int type = (int) slots[1].longValue();
    state[k] = State.VALUE;
    values[k] = null;
    try {
      switch (type) {
        case AttrCodec.NO_VALUE, AttrCodec.EMPTY -> {}
        case AttrCodec.STRING -> values[k] = Value.of(leaf(2).binary().toStringUsingUTF8());
        case AttrCodec.BOOL -> values[k] = Value.of(leaf(3).longValue() != 0);
        case AttrCodec.INT -> values[k] = Value.of(leaf(3).longValue());
        case AttrCodec.DOUBLE -> values[k] = Value.of(leaf(4).doubleValue());
        case AttrCodec.BYTES -> values[k] = Value.of(HEX.formatHex(leaf(5).binary().getBytes()));
        case AttrCodec.HEX, AttrCodec.HEX_ODD ->
            values[k] = Value.of(AttrCodec.hexString(leaf(5).binary(), type));
        case AttrCodec.ARRAY ->
            values[k] =
                AnyValues.convert(
                    AnyValue.newBuilder().setArrayValue(ArrayValue.parseFrom(raw())).build());
        case AttrCodec.KVLIST ->
            values[k] =
                AnyValues.convert(
                    AnyValue.newBuilder().setKvlistValue(KeyValueList.parseFrom(raw())).build());
        case AttrCodec.RAW -> values[k] = AnyValues.convert(KeyValue.parseFrom(raw()).getValue());
        default -> state[k] = State.UNKNOWN;
      }
    } catch (InvalidProtocolBufferException e) {
      state[k] = State.UNKNOWN; // the full read reports the corruption
    } catch (MissingValue e) {
      Value never = e.projected ? null : never(k, type);
      state[k] = never == null ? State.UNKNOWN : State.VALUE;
      values[k] = never;
    }
  }

  /**
   * For an entry whose value column was not read: a value of its type, which the key's conditions
   * can never match whatever the value (numbers and booleans against strings, strings and booleans
   * against numbers), or null when there is none.
   */
  private @Nullable Value never(int k, int type) {
    return switch (kinds[k]) {
      case STRING ->
          type == AttrCodec.INT || type == AttrCodec.DOUBLE || type == AttrCodec.BOOL
              ? Value.of(false)
              : null;
      case NUMBER -> type == AttrCodec.STRING || type == AttrCodec.BOOL ? Value.of("") : null;
      case OTHER -> null;
    };
  }

  private byte[] raw() {
    return leaf(5).binary().getBytesUnsafe();
  }

  private ColumnSlot leaf(int i) {
    ColumnSlot s = slots[i];
    if (s == null) {
      throw MissingValue.NOT_PROJECTED;
    }
    s.load(readers[i]);
    if (!s.present()) {
      throw MissingValue.ABSENT;
    }
    return s;
  }

  /** A typed entry whose value column is missing or not projected: the row is kept. */
  private static final class MissingValue extends RuntimeException {
    static final MissingValue NOT_PROJECTED = new MissingValue(false);
    static final MissingValue ABSENT = new MissingValue(true);

    final boolean projected;

    private MissingValue(boolean projected) {
      super(null, null, false, false);
      this.projected = projected;
    }
  }
}
