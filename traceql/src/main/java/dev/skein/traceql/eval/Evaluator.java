package dev.skein.traceql.eval;

import static java.util.Objects.requireNonNull;

import dev.skein.traceql.Query;
import dev.skein.traceql.internal.eval.CompiledQuery;
import java.util.List;

/**
 * Evaluates a {@link Query} over traces. Creating an evaluator compiles the query once (including
 * its regular expressions, with RE2/J); {@link #evaluate(TraceView)} may then be called for many
 * traces, from many threads at once, as long as each {@link TraceView} is used by one thread.
 *
 * <p>Semantics in brief: a spanset filter keeps the spans for which its expression is true; an
 * absent attribute only matches {@code = nil}; an array attribute matches when any element does;
 * {@code event.}/{@code link.} conditions match when any event/link matches; structural operators
 * use the nested-set numbers of {@link SpanView}.
 */
public final class Evaluator {
  private final Query query;
  private final CompiledQuery compiled;

  private Evaluator(Query query) {
    this.query = query;
    this.compiled = CompiledQuery.compile(query.root());
  }

  /** Compiles {@code query} for evaluation. */
  public static Evaluator of(Query query) {
    return new Evaluator(requireNonNull(query, "query"));
  }

  /**
   * Evaluates the query over one trace.
   *
   * @return the matching spansets, each non-empty; an empty list when the trace does not match
   */
  public List<Spanset> evaluate(TraceView trace) {
    return compiled.run(requireNonNull(trace, "trace"));
  }

  /** Whether the trace has at least one matching spanset. */
  public boolean matches(TraceView trace) {
    return !evaluate(trace).isEmpty();
  }

  /** The query being evaluated. */
  public Query query() {
    return query;
  }

  @Override
  public String toString() {
    return "Evaluator{" + query + "}";
  }
}
