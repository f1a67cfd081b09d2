package dev.skein.traceql.ast;

import static java.util.Objects.requireNonNull;

/** A binary operation on field expressions, e.g. {@code span.a = 1} or {@code duration * 2}. */
public record BinaryExpr(BinaryOp op, FieldExpr left, FieldExpr right) implements FieldExpr {
  /** Creates a binary expression. */
  public BinaryExpr {
    requireNonNull(op, "op");
    requireNonNull(left, "left");
    requireNonNull(right, "right");
  }

  @Override
  public String toString() {
    return Printer.binary(op, left, right, Printer.fieldOperandPrecedence(op));
  }
}
