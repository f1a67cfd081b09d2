package dev.skein.traceql;

import static java.util.Objects.requireNonNull;

import dev.skein.traceql.ast.SpansetExpr;
import dev.skein.traceql.plan.Conditions;

/**
 * A parsed, type-checked TraceQL query. Immutable and thread-safe. {@link #toString()} is the
 * canonical TraceQL form: {@code TraceQL.parse(q.toString())} equals {@code q}.
 *
 * @param root the spanset expression, possibly a pipeline
 * @param hints the {@code with(...)} hints, {@link Hints#NONE} when absent
 */
public record Query(SpansetExpr root, Hints hints) {
  /** Creates a query. */
  public Query {
    requireNonNull(root, "root");
    requireNonNull(hints, "hints");
  }

  /**
   * The leaf conditions of the query, for storage to prune blocks and choose columns. See {@link
   * Conditions}.
   */
  public Conditions conditions() {
    return Conditions.of(root);
  }

  @Override
  public String toString() {
    String h = hints.toString();
    return h.isEmpty() ? root.toString() : root + " " + h;
  }
}
