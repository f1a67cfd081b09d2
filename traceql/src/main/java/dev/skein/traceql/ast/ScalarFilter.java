package dev.skein.traceql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A pipeline stage keeping the spansets whose scalar comparison holds, e.g. {@code count() > 3}.
 */
public record ScalarFilter(BinaryOp op, ScalarExpr left, ScalarExpr right)
    implements PipelineStage {
  /** Creates a scalar filter; {@code op} must be one of {@code = != < <= > >=}. */
  public ScalarFilter {
    requireNonNull(op, "op");
    requireNonNull(left, "left");
    requireNonNull(right, "right");
    if (!op.isComparison() || op == BinaryOp.REGEX || op == BinaryOp.NOT_REGEX) {
      throw new IllegalArgumentException("op must be a comparison, was " + op);
    }
  }

  @Override
  public String toString() {
    return left + " " + op.symbol() + " " + right;
  }
}
