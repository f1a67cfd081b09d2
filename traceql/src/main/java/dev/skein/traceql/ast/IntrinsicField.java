package dev.skein.traceql.ast;

import static java.util.Objects.requireNonNull;

/** A reference to an intrinsic such as {@code span:duration} or {@code trace:rootService}. */
public record IntrinsicField(Intrinsic intrinsic) implements FieldExpr {
  /** Creates an intrinsic reference. */
  public IntrinsicField {
    requireNonNull(intrinsic, "intrinsic");
  }

  @Override
  public String toString() {
    return intrinsic.spelling();
  }
}
