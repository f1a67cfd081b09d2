package dev.skein.traceql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A literal value such as {@code "GET"}, {@code 200}, {@code 1.5s}, {@code error} or {@code nil}.
 */
public record Literal(Value value) implements FieldExpr {
  /** Creates a literal; {@code value} must not be an array. */
  public Literal {
    requireNonNull(value, "value");
    if (value instanceof Value.Array) {
      throw new IllegalArgumentException("value must not be an array, was " + value);
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
