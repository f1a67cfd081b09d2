package dev.skein.traceql.plan;

import static java.util.Objects.requireNonNull;

import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Value;
import org.jspecify.annotations.Nullable;

/**
 * One leaf condition of a query: a field compared with a literal, such as {@code span.http.method =
 * "GET"}, or a field the query only needs to read ({@code op} and {@code operand} null), such as
 * the argument of {@code avg(duration)}. The field is always on the left: {@code 3 < .a} is
 * reported as {@code .a > 3}. {@code = nil} and {@code != nil} appear with a {@link Value.Nil}
 * operand.
 *
 * @param field an {@link Attribute} or an {@link IntrinsicField}
 * @param op the comparison, or null for a fetch-only field
 * @param operand the literal compared with, null exactly when {@code op} is null
 */
public record Condition(FieldExpr field, @Nullable BinaryOp op, @Nullable Value operand) {
  /** Creates a condition. */
  public Condition {
    requireNonNull(field, "field");
    if (!(field instanceof Attribute) && !(field instanceof IntrinsicField)) {
      throw new IllegalArgumentException("field must be an attribute or intrinsic, was " + field);
    }
    if ((op == null) != (operand == null)) {
      throw new IllegalArgumentException("op and operand must both be set or both be null");
    }
    if (op != null && !op.isComparison()) {
      throw new IllegalArgumentException("op must be a comparison, was " + op);
    }
  }

  /** A field the query reads without a condition on it. */
  public static Condition fetch(FieldExpr field) {
    return new Condition(field, null, null);
  }

  /** Whether this condition only asks for the field to be read. */
  public boolean isFetchOnly() {
    return op == null;
  }

  @Override
  public String toString() {
    return op == null ? field.toString() : field + " " + op.symbol() + " " + operand;
  }
}
