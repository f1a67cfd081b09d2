package dev.skein.traceql.eval;

import dev.skein.traceql.ast.Value;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result spanset of a trace.
 *
 * @param spans the matched spans, in the trace's span order; never empty
 * @param attributes grouping values from {@code by(...)}, keyed by the canonical stage text such as
 *     {@code by(resource.service.name)}
 * @param aggregates values of scalar filters' aggregates, keyed by canonical text such as {@code
 *     count()}
 */
public record Spanset(
    List<SpanMatch> spans, Map<String, Value> attributes, Map<String, Value> aggregates) {
  /** Creates a spanset. */
  public Spanset {
    spans = List.copyOf(spans);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    aggregates = Collections.unmodifiableMap(new LinkedHashMap<>(aggregates));
  }

  /** The number of matched spans (callers may return fewer, e.g. up to {@code spss}). */
  public int matched() {
    return spans.size();
  }
}
