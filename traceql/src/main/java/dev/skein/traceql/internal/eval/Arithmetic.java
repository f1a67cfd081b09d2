package dev.skein.traceql.internal.eval;

import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.Value;
import org.jspecify.annotations.Nullable;

/**
 * Runtime arithmetic. Non-numeric or absent operands give null (no match). Int op int stays int
 * except {@code /} and {@code ^}, which give floats; division by zero gives null. An operation with
 * a duration gives a duration, except duration / duration, which gives a float.
 */
final class Arithmetic {
  private Arithmetic() {}

  static @Nullable Value apply(BinaryOp op, @Nullable Value l, @Nullable Value r) {
    if (l == null || r == null || !Compare.isNumber(l) || !Compare.isNumber(r)) {
      return null;
    }
    boolean lDur = l instanceof Value.Duration;
    boolean rDur = r instanceof Value.Duration;
    if (l instanceof Value.Int a
        && r instanceof Value.Int b
        && op != BinaryOp.DIV
        && op != BinaryOp.POW) {
      long x = a.value();
      long y = b.value();
      return switch (op) {
        case ADD -> Value.of(x + y);
        case SUB -> Value.of(x - y);
        case MUL -> Value.of(x * y);
        case MOD -> y == 0 ? null : Value.of(x % y);
        default -> throw new IllegalArgumentException("not arithmetic: " + op);
      };
    }
    double result = doubleOp(op, Compare.asDouble(l), Compare.asDouble(r));
    if (Double.isNaN(result) || Double.isInfinite(result)) {
      return null;
    }
    if ((lDur || rDur) && !(op == BinaryOp.DIV && lDur && rDur) && op != BinaryOp.POW) {
      return Value.durationNanos(Math.round(result));
    }
    return Value.of(result);
  }

  static @Nullable Value negate(@Nullable Value v) {
    return switch (v) {
      case Value.Int i -> Value.of(-i.value());
      case Value.Float f -> Value.of(-f.value());
      case Value.Duration d -> Value.durationNanos(-d.nanos());
      case null, default -> null;
    };
  }

  private static double doubleOp(BinaryOp op, double x, double y) {
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
      case DIV -> x / y;
      case MOD -> x % y;
      case POW -> Math.pow(x, y);
      default -> throw new IllegalArgumentException("not arithmetic: " + op);
    };
  }
}
