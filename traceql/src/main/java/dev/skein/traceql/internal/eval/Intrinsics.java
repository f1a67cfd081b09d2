package dev.skein.traceql.internal.eval;

import dev.skein.traceql.ast.Intrinsic;
import dev.skein.traceql.ast.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Compiled access to intrinsics through {@link dev.skein.traceql.eval.SpanView}. */
final class Intrinsics {
  private Intrinsics() {}

  static FieldFn compile(Intrinsic intrinsic) {
    return switch (intrinsic) {
      case NAME -> (s, t) -> Value.of(s.name());
      case STATUS -> (s, t) -> new Value.Status(s.status());
      case STATUS_MESSAGE -> (s, t) -> Value.of(s.statusMessage());
      case DURATION -> (s, t) -> Value.durationNanos(s.durationNanos());
      case KIND -> (s, t) -> new Value.Kind(s.kind());
      case SPAN_ID -> (s, t) -> Value.of(s.spanId());
      case PARENT_ID -> (s, t) -> s.parentSpanId().isEmpty() ? null : Value.of(s.parentSpanId());
      case CHILD_COUNT -> (s, t) -> Value.of((long) s.childCount());
      case TRACE_DURATION -> (s, t) -> Value.durationNanos(t.durationNanos());
      case ROOT_NAME -> (s, t) -> string(t.rootName());
      case ROOT_SERVICE -> (s, t) -> string(t.rootServiceName());
      case TRACE_ID -> (s, t) -> Value.of(t.traceId());
      case EVENT_NAME -> (s, t) -> collect(s.events(), e -> Value.of(e.name()));
      case EVENT_TIME_SINCE_START ->
          (s, t) -> collect(s.events(), e -> Value.durationNanos(e.timeSinceStartNanos()));
      case LINK_TRACE_ID -> (s, t) -> collect(s.links(), l -> Value.of(l.traceId()));
      case LINK_SPAN_ID -> (s, t) -> collect(s.links(), l -> Value.of(l.spanId()));
      case INSTRUMENTATION_NAME -> (s, t) -> string(s.instrumentationName());
      case INSTRUMENTATION_VERSION -> (s, t) -> string(s.instrumentationVersion());
      case NESTED_SET_LEFT -> (s, t) -> Value.of((long) s.nestedSetLeft());
      case NESTED_SET_RIGHT -> (s, t) -> Value.of((long) s.nestedSetRight());
      case NESTED_SET_PARENT -> (s, t) -> Value.of((long) s.nestedSetParent());
    };
  }

  private static @Nullable Value string(@Nullable String s) {
    return s == null ? null : Value.of(s);
  }

  /**
   * The values of all events or links as an array (matching when any element matches), or null when
   * none has a value.
   */
  static <T> @Nullable Value collect(List<? extends T> items, Function<T, @Nullable Value> get) {
    if (items.isEmpty()) {
      return null;
    }
    List<Value> values = new ArrayList<>(items.size());
    for (T item : items) {
      Value v = get.apply(item);
      if (v != null) {
        values.add(v);
      }
    }
    return values.isEmpty() ? null : Value.array(values);
  }
}
