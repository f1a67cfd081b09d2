package dev.skein.traceql.ast;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A spanset filter {@code { expr }}: selects the spans for which {@code expr} is true. An empty
 * filter {@code { }} selects every span.
 *
 * @param expr the boolean condition, or null for {@code { }}
 */
public record SpansetFilter(@Nullable FieldExpr expr) implements SpansetExpr {
  /** Returns the condition, empty for {@code { }}. */
  public Optional<FieldExpr> condition() {
    return Optional.ofNullable(expr);
  }

  @Override
  public String toString() {
    return expr == null ? "{ }" : "{ " + expr + " }";
  }
}
