package dev.skein.trace.view;

import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Scope;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.eval.Evaluator;
import dev.skein.traceql.eval.EventView;
import dev.skein.traceql.eval.LinkView;
import dev.skein.traceql.eval.SpanMatch;
import dev.skein.traceql.eval.SpanView;
import dev.skein.traceql.eval.Spanset;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Collects tag names and tag values from in-memory traces for the tag APIs, optionally only from
 * the spans a TraceQL filter matches. Not thread-safe: one collector per request.
 */
public final class TagCollector {

  /**
   * A typed tag value as the v2 API reports it: {@code string, int, float, bool, duration,
   * keyword}.
   */
  public record TagValue(String type, String value) implements Comparable<TagValue> {
    @Override
    public int compareTo(TagValue o) {
      int c = value.compareTo(o.value);
      return c != 0 ? c : type.compareTo(o.type);
    }
  }

  private final @Nullable Evaluator filter;
  private final int limit;
  private final Map<String, Set<String>> names = new TreeMap<>();
  private final Set<TagValue> values = new TreeSet<>();

  /**
   * Creates a collector.
   *
   * @param filter only spans matching this query contribute, or null for all spans
   * @param limit the most names per scope, or values, to collect
   */
  public TagCollector(@Nullable Evaluator filter, int limit) {
    this.filter = filter;
    this.limit = limit;
  }

  /** Adds the tag names of one trace, keyed by scope name (resource, span, event, link...). */
  public void addNames(OtlpTraceView trace) {
    for (OtlpSpanView span : spans(trace)) {
      add("span", span.span().getAttributesList());
      add("resource", span.resource().getAttributesList());
      for (var e : span.span().getEventsList()) {
        add("event", e.getAttributesList());
      }
      for (var l : span.span().getLinksList()) {
        add("link", l.getAttributesList());
      }
    }
  }

  /** Adds the values of {@code field} found in one trace. */
  public void addValues(OtlpTraceView trace, FieldExpr field) {
    for (OtlpSpanView span : spans(trace)) {
      if (values.size() >= limit) {
        return;
      }
      switch (field) {
        case Attribute a when a.scope() == Scope.EVENT -> {
          for (EventView e : span.events()) {
            addValue(e.attribute(a.name()));
          }
        }
        case Attribute a when a.scope() == Scope.LINK -> {
          for (LinkView l : span.links()) {
            addValue(l.attribute(a.name()));
          }
        }
        case Attribute a -> addValue(span.attribute(a.scope(), a.name()));
        case IntrinsicField i -> addValue(intrinsic(span, trace, i));
        default -> {}
      }
    }
  }

  /** Tag names by scope, each set sorted and at most {@code limit} long. */
  public Map<String, Set<String>> names() {
    return names;
  }

  /** Tag values, sorted, at most {@code limit}. */
  public Set<TagValue> values() {
    return values;
  }

  private List<OtlpSpanView> spans(OtlpTraceView trace) {
    if (filter == null) {
      return trace.spans();
    }
    Set<SpanView> matched = new LinkedHashSet<>();
    for (Spanset s : filter.evaluate(trace)) {
      for (SpanMatch m : s.spans()) {
        matched.add(m.span());
      }
    }
    List<OtlpSpanView> out = new ArrayList<>(matched.size());
    for (SpanView v : matched) {
      out.add((OtlpSpanView) v);
    }
    return out;
  }

  private void add(String scope, List<KeyValue> attributes) {
    if (attributes.isEmpty()) {
      return;
    }
    Set<String> set = names.computeIfAbsent(scope, k -> new TreeSet<>());
    for (KeyValue kv : attributes) {
      if (set.size() >= limit) {
        return;
      }
      set.add(kv.getKey());
    }
  }

  private static @Nullable Value intrinsic(
      OtlpSpanView span, OtlpTraceView trace, IntrinsicField i) {
    return switch (i.intrinsic()) {
      case NAME -> Value.of(span.name());
      case STATUS -> new Value.Status(span.status());
      case KIND -> new Value.Kind(span.kind());
      case STATUS_MESSAGE -> span.statusMessage().isEmpty() ? null : Value.of(span.statusMessage());
      case ROOT_NAME -> trace.rootName() == null ? null : Value.of(trace.rootName());
      case ROOT_SERVICE ->
          trace.rootServiceName() == null ? null : Value.of(trace.rootServiceName());
      case INSTRUMENTATION_NAME -> nullable(span.instrumentationName());
      case INSTRUMENTATION_VERSION -> nullable(span.instrumentationVersion());
      default -> null;
    };
  }

  private static @Nullable Value nullable(@Nullable String s) {
    return s == null ? null : Value.of(s);
  }

  private void addValue(@Nullable Value value) {
    if (value == null || values.size() >= limit) {
      return;
    }
    switch (value) {
      case Value.Array a -> a.values().forEach(this::addValue);
      case Value.Str s -> values.add(new TagValue("string", s.value()));
      case Value.Int n -> values.add(new TagValue("int", Long.toString(n.value())));
      case Value.Float f -> values.add(new TagValue("float", Double.toString(f.value())));
      case Value.Bool b -> values.add(new TagValue("bool", Boolean.toString(b.value())));
      case Value.Duration d -> values.add(new TagValue("duration", d.toString()));
      case Value.Status s -> values.add(new TagValue("keyword", s.code().keyword()));
      case Value.Kind k -> values.add(new TagValue("keyword", k.kind().keyword()));
      default -> {}
    }
  }
}
