package dev.skein.traceql.eval;

import static java.util.Objects.requireNonNull;

import dev.skein.traceql.ast.Value;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A span in a result spanset, with the values of the query's {@code select(...)} expressions.
 *
 * @param span the matched span
 * @param selected canonical expression text (e.g. {@code span.http.url}) to value; absent values
 *     are left out
 */
public record SpanMatch(SpanView span, Map<String, Value> selected) {
  /** Creates a match. */
  public SpanMatch {
    requireNonNull(span, "span");
    selected = Collections.unmodifiableMap(new LinkedHashMap<>(selected));
  }
}
