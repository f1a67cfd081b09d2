package dev.skein.traceql.ast;

import static java.util.Objects.requireNonNull;

/** A prefix operation: {@code !expr} or {@code -expr}. */
public record UnaryExpr(UnaryOp op, FieldExpr operand) implements FieldExpr {
  /** Creates a unary expression. */
  public UnaryExpr {
    requireNonNull(op, "op");
    requireNonNull(operand, "operand");
  }

  @Override
  public String toString() {
    boolean atom = Printer.fieldPrecedence(operand) >= Printer.UNARY;
    return op.symbol() + (atom ? operand.toString() : "(" + operand + ")");
  }
}
