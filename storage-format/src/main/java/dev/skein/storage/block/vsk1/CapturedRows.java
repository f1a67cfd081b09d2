package dev.skein.storage.block.vsk1;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.jspecify.annotations.Nullable;

/**
 * Parquet rows of one schema kept as the events record assembly produced (group starts and ends,
 * field values), with no interpretation: their top-level fields replay exactly into a {@link
 * RecordConsumer} (to write the rows to another file of the same schema, {@link CopyReshaper}) or
 * whole rows into a {@link GroupConverter} (to materialize them). Values live in flat arrays
 * (binary values copied into one byte arena), so a buffer is reused from trace to trace without
 * allocating. Not thread-safe.
 *
 * <p>Each event is a header int ({@code kind << 16 | field index}) followed by its operands: one
 * int for INT, FLOAT and BOOLEAN, two for LONG and DOUBLE (low, high), offset and length for
 * BINARY, none for group start and end.
 */
final class CapturedRows {

  private static final int START_GROUP = 1;
  private static final int END_GROUP = 2;
  private static final int INT = 3;
  private static final int LONG = 4;
  private static final int FLOAT = 5;
  private static final int DOUBLE = 6;
  private static final int BOOLEAN = 7;
  private static final int BINARY = 8;

  /** Buffers grown past this are dropped on {@link #clear()}, so one huge trace is not kept. */
  private static final int KEEP_BYTES = 8 << 20;

  private static final int MAX_DEPTH = 8;

  private final MessageType schema;
  private int[] events = new int[4096];
  private int eventCount;
  private byte[] arena = new byte[16384];
  private int arenaUsed;
  private int[] rowStarts = new int[64];
  private int rows;
  private final GroupType[] replayTypes = new GroupType[MAX_DEPTH];
  private final int[] replayOpen = new int[MAX_DEPTH];
  private final GroupConverter[] replayStack = new GroupConverter[MAX_DEPTH];
  private final OutputStream arenaSink = new ArenaSink();

  CapturedRows(MessageType schema) {
    this.schema = schema;
  }

  /** The schema the rows were read with. */
  MessageType schema() {
    return schema;
  }

  int rowCount() {
    return rows;
  }

  void clear() {
    eventCount = 0;
    arenaUsed = 0;
    rows = 0;
    if (arena.length > KEEP_BYTES) {
      arena = new byte[16384];
    }
    if (events.length * 4L > KEEP_BYTES) {
      events = new int[4096];
    }
  }

  void startRow() {
    if (rows == rowStarts.length) {
      rowStarts = Arrays.copyOf(rowStarts, rows * 2);
    }
    rowStarts[rows++] = eventCount;
  }

  void startGroup(int field) {
    header(START_GROUP, field, 0);
  }

  void endGroup() {
    header(END_GROUP, 0, 0);
  }

  void addInt(int field, int value) {
    header(INT, field, 1);
    events[eventCount++] = value;
  }

  void addBoolean(int field, boolean value) {
    header(BOOLEAN, field, 1);
    events[eventCount++] = value ? 1 : 0;
  }

  void addFloat(int field, float value) {
    header(FLOAT, field, 1);
    events[eventCount++] = Float.floatToRawIntBits(value);
  }

  void addLong(int field, long value) {
    header(LONG, field, 2);
    putLong(value);
  }

  void addDouble(int field, double value) {
    header(DOUBLE, field, 2);
    putLong(Double.doubleToRawLongBits(value));
  }

  void addBinary(int field, Binary value) {
    int len = value.length();
    header(BINARY, field, 2);
    events[eventCount++] = arenaUsed;
    events[eventCount++] = len;
    ensureArena(len);
    try {
      value.writeTo(arenaSink); // no ByteBuffer view per value, unlike toByteBuffer()
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the sink does no I/O
    }
  }

  /**
   * The first 16-byte binary value of {@code row} when it is its first event, as vsk1's leading
   * {@code trace_id} column is; copies it into {@code out}.
   *
   * @throws IllegalStateException when the row does not start with a 16-byte value
   */
  void leadingId(int row, byte[] out) {
    int e = rowStarts[row];
    if (e >= end(row) || kind(events[e]) != BINARY || events[e + 2] != out.length) {
      throw new IllegalStateException("row " + row + " does not start with a 16-byte trace id");
    }
    System.arraycopy(arena, events[e + 1], out, 0, out.length);
  }

  /** Whether the leading id of {@code row} equals {@code id} (see {@link #leadingId}). */
  boolean leadingIdEquals(int row, byte[] id) {
    int e = rowStarts[row];
    if (e >= end(row) || kind(events[e]) != BINARY || events[e + 2] != id.length) {
      return false;
    }
    int off = events[e + 1];
    return Arrays.equals(arena, off, off + id.length, id, 0, id.length);
  }

  /**
   * The value of the top-level int64 column {@code field} in {@code row}.
   *
   * @throws IllegalStateException when the row has no such value
   */
  long topLevelLong(int row, int field) {
    int e = topLevelEvent(row, field, LONG);
    if (e < 0) {
      throw new IllegalStateException("row " + row + " has no value of column " + field);
    }
    return getLong(e + 1);
  }

  /** Moves the last row to the end of {@code other} (same schema) and removes it here. */
  void moveLastRowTo(CapturedRows other) {
    int from = rowStarts[rows - 1];
    other.startRow();
    for (int e = from; e < eventCount; e += size(events[e])) {
      int h = events[e];
      if (kind(h) == BINARY) {
        other.addBinary(
            field(h), Binary.fromConstantByteArray(arena, events[e + 1], events[e + 2]));
      } else {
        int n = size(h);
        other.ensureEvents(n);
        System.arraycopy(events, e, other.events, other.eventCount, n);
        other.eventCount += n;
      }
    }
    int arenaFrom = firstBinaryOffset(from);
    if (arenaFrom >= 0) {
      arenaUsed = arenaFrom;
    }
    eventCount = from;
    rows--;
  }

  private void addValue(RecordConsumer rc, int kind, int e) {
    switch (kind) {
      case INT -> rc.addInteger(events[e + 1]);
      case BOOLEAN -> rc.addBoolean(events[e + 1] != 0);
      case FLOAT -> rc.addFloat(Float.intBitsToFloat(events[e + 1]));
      case LONG -> rc.addLong(getLong(e + 1));
      case DOUBLE -> rc.addDouble(Double.longBitsToDouble(getLong(e + 1)));
      case BINARY -> rc.addBinary(binary(e));
      default -> throw new IllegalStateException("cannot move event " + kind);
    }
  }

  /**
   * The top-level binary value of column {@code field} in {@code row} as a view (valid until the
   * buffer is cleared), or null when the row has none.
   */
  @Nullable Binary topLevelBinary(int row, int field) {
    int e = topLevelEvent(row, field, BINARY);
    return e < 0 ? null : binary(e);
  }

  /** The top-level int32 value of column {@code field} in {@code row}, or null when it has none. */
  @Nullable Integer topLevelInt(int row, int field) {
    int e = topLevelEvent(row, field, INT);
    return e < 0 ? null : events[e + 1];
  }

  /**
   * Lists the top-level fields of {@code row} in order: for each, the field index, its first event
   * and the event after its last (consecutive values or groups of a repeated field are one entry).
   *
   * @return the number of fields listed; {@code out} holds three ints per field
   */
  int topLevelFields(int row, int[] out) {
    int n = 0;
    int depth = 0;
    for (int e = rowStarts[row]; e < end(row); e += size(events[e])) {
      int h = events[e];
      int k = kind(h);
      if (depth == 0 && k != END_GROUP) {
        int f = field(h);
        if (n == 0 || out[3 * (n - 1)] != f) {
          out[3 * n] = f;
          out[3 * n + 1] = e;
          n++;
        }
      }
      if (k == START_GROUP) {
        depth++;
      } else if (k == END_GROUP) {
        depth--;
      }
      out[3 * (n - 1) + 2] = e + size(h);
    }
    return n;
  }

  /**
   * The value of the primitive event {@code e} as a shape value: {@code Integer}, {@code Long} or a
   * {@code Binary} view (valid until the buffer is cleared).
   */
  Object value(int e) {
    return switch (kind(events[e])) {
      case INT -> events[e + 1];
      case LONG -> getLong(e + 1);
      case BINARY -> binary(e);
      default -> throw new IllegalStateException("not a shape value event " + kind(events[e]));
    };
  }

  /**
   * Writes the events {@code [from, to)} — the values or groups of one top-level field, as listed
   * by {@link #topLevelFields} — to {@code rc} as field {@code outField} of the schema.
   */
  void replayField(int from, int to, int outField, RecordConsumer rc) {
    String name = schema.getFieldName(outField);
    rc.startField(name, outField);
    int depth = 0;
    for (int e = from; e < to; e += size(events[e])) {
      int h = events[e];
      int kind = kind(h);
      if (kind == END_GROUP) {
        endGroup(rc, depth--);
        continue;
      }
      if (depth > 0) {
        openField(rc, depth, field(h));
      }
      if (kind == START_GROUP) {
        startGroup(
            rc,
            depth == 0 ? schema : replayTypes[depth],
            depth == 0 ? outField : field(h),
            depth++);
      } else {
        addValue(rc, kind, e);
      }
    }
    rc.endField(name, outField);
  }

  /** The event of the top-level value of {@code kind} in column {@code field}, or -1. */
  private int topLevelEvent(int row, int field, int kind) {
    int depth = 0;
    for (int e = rowStarts[row]; e < end(row); e += size(events[e])) {
      int h = events[e];
      int k = kind(h);
      if (k == START_GROUP) {
        depth++;
      } else if (k == END_GROUP) {
        depth--;
      } else if (depth == 0 && k == kind && field(h) == field) {
        return e;
      }
    }
    return -1;
  }

  /**
   * How a copied row's top-level fields are renamed and its top-level binary values rewritten
   * ({@link CopyReshaper}, {@link #replayField}).
   */
  interface FieldRemap {
    /**
     * Whether top-level field {@code field} is one of the movable fields: single-valued primitives
     * at consecutive indexes, written in order of their output index after the fields before them.
     */
    boolean movable(int field);

    /** The output index of movable top-level field {@code field}. */
    int field(int field);

    /** The value to write for top-level binary field {@code field} (unmoved) holding {@code v}. */
    Binary value(int field, Binary v);
  }

  /**
   * Pushes {@code row} into {@code root} as record assembly would for a projection of the schema:
   * top-level field {@code f} goes to the converter's field {@code fieldMap[f]}, or nowhere (group
   * and all) when that is -1.
   */
  void replay(int row, GroupConverter root, int[] fieldMap) {
    GroupConverter[] stack = replayStack;
    int depth = 0;
    int skipping = 0; // depth inside a skipped top-level group
    stack[0] = root;
    root.start();
    for (int e = rowStarts[row]; e < end(row); e += size(events[e])) {
      int h = events[e];
      int kind = kind(h);
      if (skipping > 0) {
        skipping += kind == START_GROUP ? 1 : kind == END_GROUP ? -1 : 0;
        continue;
      }
      if (kind == END_GROUP) {
        stack[depth--].end();
        continue;
      }
      int f = depth == 0 ? fieldMap[field(h)] : field(h);
      if (f < 0) {
        skipping = kind == START_GROUP ? 1 : 0;
        continue;
      }
      if (kind == START_GROUP) {
        GroupConverter g = stack[depth].getConverter(f).asGroupConverter();
        g.start();
        stack[++depth] = g;
        continue;
      }
      PrimitiveConverter p = stack[depth].getConverter(f).asPrimitiveConverter();
      switch (kind) {
        case INT -> p.addInt(events[e + 1]);
        case BOOLEAN -> p.addBoolean(events[e + 1] != 0);
        case FLOAT -> p.addFloat(Float.intBitsToFloat(events[e + 1]));
        case LONG -> p.addLong(getLong(e + 1));
        case DOUBLE -> p.addDouble(Double.longBitsToDouble(getLong(e + 1)));
        case BINARY -> p.addBinary(binary(e));
        default -> throw new IllegalStateException("unknown event " + kind);
      }
    }
    root.end();
  }

  /**
   * A view of a binary value; "reused" so that consumers that keep it (dictionaries, statistics)
   * copy it, since the arena is overwritten by the next trace.
   */
  private Binary binary(int e) {
    return Binary.fromReusedByteArray(arena, events[e + 1], events[e + 2]);
  }

  /** Replay: makes nested field {@code f} the open field of the group at {@code depth}. */
  private void openField(RecordConsumer rc, int depth, int f) {
    if (replayOpen[depth] != f) {
      closeField(rc, replayTypes[depth], replayOpen[depth]);
      rc.startField(replayTypes[depth].getFieldName(f), f);
      replayOpen[depth] = f;
    }
  }

  /** Replay: starts a group of field {@code f} of {@code parent}, one level below {@code depth}. */
  private void startGroup(RecordConsumer rc, GroupType parent, int f, int depth) {
    rc.startGroup();
    replayTypes[depth + 1] = parent.getType(f).asGroupType();
    replayOpen[depth + 1] = -1;
  }

  /** Replay: ends the group at {@code depth}, closing its open field. */
  private void endGroup(RecordConsumer rc, int depth) {
    closeField(rc, replayTypes[depth], replayOpen[depth]);
    rc.endGroup();
  }

  private static void closeField(RecordConsumer rc, GroupType type, int field) {
    if (field >= 0) {
      rc.endField(type.getFieldName(field), field);
    }
  }

  private int firstBinaryOffset(int from) {
    for (int e = from; e < eventCount; e += size(events[e])) {
      if (kind(events[e]) == BINARY) {
        return events[e + 1];
      }
    }
    return -1;
  }

  private int end(int row) {
    return row + 1 < rows ? rowStarts[row + 1] : eventCount;
  }

  private void header(int kind, int field, int operands) {
    ensureEvents(1 + operands);
    events[eventCount++] = kind << 16 | field;
  }

  private void putLong(long v) {
    events[eventCount++] = (int) v;
    events[eventCount++] = (int) (v >>> 32);
  }

  private long getLong(int i) {
    return (events[i] & 0xffffffffL) | ((long) events[i + 1] << 32);
  }

  private void ensureEvents(int n) {
    if (eventCount + n > events.length) {
      events = Arrays.copyOf(events, Math.max(events.length * 2, eventCount + n));
    }
  }

  private void ensureArena(int n) {
    if (arenaUsed + n > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + n));
    }
  }

  private static int kind(int header) {
    return header >>> 16;
  }

  private static int field(int header) {
    return header & 0xffff;
  }

  private static int size(int header) {
    return switch (kind(header)) {
      case START_GROUP, END_GROUP -> 1;
      case INT, FLOAT, BOOLEAN -> 2;
      default -> 3;
    };
  }

  /** Appends to the arena (room is ensured before each value). */
  private final class ArenaSink extends OutputStream {
    @Override
    public void write(int b) {
      arena[arenaUsed++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, arena, arenaUsed, len);
      arenaUsed += len;
    }
  }
}
