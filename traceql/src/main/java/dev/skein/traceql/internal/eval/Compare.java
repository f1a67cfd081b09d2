package dev.skein.traceql.internal.eval;

import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.Value;
import org.jspecify.annotations.Nullable;

/**
 * Runtime comparison semantics. An absent value never compares (only {@code = nil} matches it);
 * values of incomparable types never compare, not even with {@code !=}; an array compares when any
 * element does. Ints, floats and durations compare numerically (a duration as nanoseconds).
 */
final class Compare {
  private Compare() {}

  static boolean test(BinaryOp op, @Nullable Value l, @Nullable Value r) {
    if (l == null || r == null) {
      return false;
    }
    if (l instanceof Value.Array a) {
      for (Value e : a.values()) {
        if (test(op, e, r)) {
          return true;
        }
      }
      return false;
    }
    if (r instanceof Value.Array a) {
      for (Value e : a.values()) {
        if (test(op, l, e)) {
          return true;
        }
      }
      return false;
    }
    boolean ordered = op != BinaryOp.EQ && op != BinaryOp.NEQ;
    if (ordered && !isOrdered(l)) {
      return false;
    }
    Integer c = compare(l, r);
    if (c == null) {
      return false;
    }
    return switch (op) {
      case EQ -> c == 0;
      case NEQ -> c != 0;
      case LT -> c < 0;
      case LTE -> c <= 0;
      case GT -> c > 0;
      case GTE -> c >= 0;
      default -> throw new IllegalArgumentException("not a comparison: " + op);
    };
  }

  private static boolean isOrdered(Value v) {
    return v instanceof Value.Str || isNumber(v);
  }

  static boolean isNumber(Value v) {
    return v instanceof Value.Int || v instanceof Value.Float || v instanceof Value.Duration;
  }

  /** Three-way comparison, or null when the values are of incomparable types. */
  private static @Nullable Integer compare(Value l, Value r) {
    if (isNumber(l) && isNumber(r)) {
      if (l instanceof Value.Float || r instanceof Value.Float) {
        return Double.compare(asDouble(l), asDouble(r));
      }
      return Long.compare(asLong(l), asLong(r));
    }
    return switch (l) {
      case Value.Str s when r instanceof Value.Str t -> s.value().compareTo(t.value());
      case Value.Bool b when r instanceof Value.Bool c -> Boolean.compare(b.value(), c.value());
      case Value.Status s when r instanceof Value.Status t -> s.code().compareTo(t.code());
      case Value.Kind k when r instanceof Value.Kind m -> k.kind().compareTo(m.kind());
      default -> null;
    };
  }

  static double asDouble(Value v) {
    return switch (v) {
      case Value.Int i -> i.value();
      case Value.Float f -> f.value();
      case Value.Duration d -> d.nanos();
      default -> throw new IllegalArgumentException("not a number: " + v);
    };
  }

  static long asLong(Value v) {
    return switch (v) {
      case Value.Int i -> i.value();
      case Value.Duration d -> d.nanos();
      case Value.Float f -> (long) f.value();
      default -> throw new IllegalArgumentException("not a number: " + v);
    };
  }
}
