package dev.skein.traceql.ast;

import static java.util.Objects.requireNonNull;

/** Two spanset expressions combined by a logical or structural {@link SpansetOp}. */
public record SpansetOperation(SpansetOp op, SpansetExpr left, SpansetExpr right)
    implements SpansetExpr {
  /** Creates a spanset operation. */
  public SpansetOperation {
    requireNonNull(op, "op");
    requireNonNull(left, "left");
    requireNonNull(right, "right");
  }

  @Override
  public String toString() {
    return Printer.binary(
        op.symbol(), op.precedence(), false, left, right, Printer.spansetOperandPrecedence(op));
  }
}
