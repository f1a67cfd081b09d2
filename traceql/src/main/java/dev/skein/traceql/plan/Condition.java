package dev.skein.traceql.plan;

import static java.util.Objects.requireNonNull;

import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.internal.eval.LeafTests;
import java.util.function.Predicate;
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

  /**
   * The test the engine applies to the field's value (null when the span has none): exactly what a
   * compiled spanset filter computes for this leaf, regexes compiled once. Storage may evaluate it
   * on stored columns to narrow candidates before assembling spans.
   *
   * @throws IllegalStateException for a fetch-only condition
   */
  public Predicate<@Nullable Value> test() {
    if (op == null || operand == null) {
      throw new IllegalStateException("fetch-only condition " + field + " has no test");
    }
    return LeafTests.of(op, operand);
  }

  @Override
  public String toString() {
    return op == null ? field.toString() : field + " " + op.symbol() + " " + operand;
  }
}
