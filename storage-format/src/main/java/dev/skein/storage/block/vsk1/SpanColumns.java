package dev.skein.storage.block.vsk1;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The values one span row puts into dedicated and slot columns ({@link SpanAttrLayout}), by schema
 * field index: a {@code String}, {@code Long} or {@code Binary} per column, at most one. Walked in
 * field order, which is the order the row's fields are written in. Replaces a {@code HashMap} keyed
 * by column name, whose hashing and the field-index lookups by name after it were ~4 % of a flush
 * thread's CPU. Reused from span to span; not thread-safe.
 */
final class SpanColumns {

  private final @Nullable Object[] byField = new Object[Vsk1Schema.SCHEMA.getFieldCount()];

  /** Lowest and highest field set since the last {@link #clear}, an empty range when none. */
  private int lo = Integer.MAX_VALUE;

  private int hi = -1;

  /** Removes every value. */
  void clear() {
    for (int f = lo; f <= hi; f++) {
      byField[f] = null;
    }
    lo = Integer.MAX_VALUE;
    hi = -1;
  }

  /** Whether column {@code field} has a value. */
  boolean has(int field) {
    return byField[field] != null;
  }

  /** The value of column {@code field}, or null. */
  @Nullable Object get(int field) {
    return byField[field];
  }

  /** Sets column {@code field} to {@code value} (non-null). */
  void put(int field, Object value) {
    byField[field] = value;
    lo = Math.min(lo, field);
    hi = Math.max(hi, field);
  }

  /** Sets column {@code field} to {@code value} unless it has a value; whether it was set. */
  boolean putIfAbsent(int field, Object value) {
    if (byField[field] != null) {
      return false;
    }
    put(field, value);
    return true;
  }

  /** Removes and returns the value of column {@code field}, or null. */
  @Nullable Object take(int field) {
    Object v = byField[field];
    byField[field] = null;
    return v;
  }

  /**
   * The first field at or after {@code from} with a value, or -1: walk with {@code next(f + 1)}.
   */
  int next(int from) {
    for (int f = Math.max(from, lo); f <= hi; f++) {
      if (byField[f] != null) {
        return f;
      }
    }
    return -1;
  }

  /** Whether no column has a value. */
  boolean isEmpty() {
    return next(0) < 0;
  }

  /** Column name to value, in field order (for tests and the writer's reference path). */
  Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int f = next(0); f >= 0; f = next(f + 1)) {
      m.put(Vsk1Schema.SCHEMA.getFieldName(f), byField[f]);
    }
    return m;
  }
}
