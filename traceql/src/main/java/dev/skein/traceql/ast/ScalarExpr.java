package dev.skein.traceql.ast;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/** A per-spanset scalar: an aggregate, a constant, or arithmetic on those. */
public sealed interface ScalarExpr
    permits ScalarExpr.Aggregate, ScalarExpr.Constant, ScalarExpr.Binary {

  /**
   * An aggregate such as {@code count()} or {@code avg(duration)}.
   *
   * @param argument the per-span expression, null exactly for {@code count()}
   */
  record Aggregate(AggregateFn fn, @Nullable FieldExpr argument) implements ScalarExpr {
    /** Creates an aggregate; {@code count()} takes no argument and the others need one. */
    public Aggregate {
      requireNonNull(fn, "fn");
      if ((fn == AggregateFn.COUNT) != (argument == null)) {
        throw new IllegalArgumentException(fn.functionName() + "() argument mismatch");
      }
    }

    @Override
    public String toString() {
      return fn.functionName() + "(" + (argument == null ? "" : argument) + ")";
    }
  }

  /** A constant such as {@code 3} or {@code 1s}. */
  record Constant(Value value) implements ScalarExpr {
    /** Creates a constant. */
    public Constant {
      requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  /** Arithmetic on scalars, e.g. {@code sum(duration) / count()}. */
  record Binary(BinaryOp op, ScalarExpr left, ScalarExpr right) implements ScalarExpr {
    /** Creates scalar arithmetic; {@code op} must be arithmetic. */
    public Binary {
      requireNonNull(op, "op");
      requireNonNull(left, "left");
      requireNonNull(right, "right");
      if (!op.isArithmetic()) {
        throw new IllegalArgumentException("op must be arithmetic, was " + op);
      }
    }

    @Override
    public String toString() {
      return Printer.binary(op, left, right, Printer::fieldPrecedence);
    }
  }
}
