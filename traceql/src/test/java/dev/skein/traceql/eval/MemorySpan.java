package dev.skein.traceql.eval;

import dev.skein.traceql.ast.Scope;
import dev.skein.traceql.ast.SpanKind;
import dev.skein.traceql.ast.StatusCode;
import dev.skein.traceql.ast.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Test-data builder and in-memory {@link SpanView}. Nested-set numbers and child counts are filled
 * in by {@link MemoryTrace.Builder#build()}.
 */
public final class MemorySpan implements SpanView {
  final String id;
  final String parentId;
  String name = "span";
  StatusCode status = StatusCode.UNSET;
  String statusMessage = "";
  SpanKind kind = SpanKind.INTERNAL;
  long startNanos;
  long durationNanos;
  @Nullable String instrumentationName;
  @Nullable String instrumentationVersion;
  final Map<String, Value> spanAttrs = new HashMap<>();
  final Map<String, Value> resourceAttrs = new HashMap<>();
  final Map<String, Value> scopeAttrs = new HashMap<>();
  final List<MemoryEvent> events = new ArrayList<>();
  final List<MemoryLink> links = new ArrayList<>();
  int childCount;
  int left;
  int right;
  int parent = -1;
  boolean numbered = true;

  MemorySpan(String id, String parentId) {
    this.id = id;
    this.parentId = parentId;
  }

  /** Leaves this (root) span without nested-set numbers, as if storage had none. */
  public MemorySpan noNestedSet() {
    this.numbered = false;
    return this;
  }

  public MemorySpan name(String n) {
    this.name = n;
    return this;
  }

  public MemorySpan status(StatusCode s) {
    this.status = s;
    return this;
  }

  public MemorySpan statusMessage(String m) {
    this.statusMessage = m;
    return this;
  }

  public MemorySpan kind(SpanKind k) {
    this.kind = k;
    return this;
  }

  public MemorySpan startMs(long ms) {
    this.startNanos = ms * 1_000_000L;
    return this;
  }

  public MemorySpan durationMs(long ms) {
    this.durationNanos = ms * 1_000_000L;
    return this;
  }

  public MemorySpan service(String service) {
    return resource("service.name", service);
  }

  public MemorySpan attr(String key, Object value) {
    spanAttrs.put(key, toValue(value));
    return this;
  }

  public MemorySpan resource(String key, Object value) {
    resourceAttrs.put(key, toValue(value));
    return this;
  }

  public MemorySpan scope(String scopeName, String version, String key, Object value) {
    this.instrumentationName = scopeName;
    this.instrumentationVersion = version;
    scopeAttrs.put(key, toValue(value));
    return this;
  }

  public MemorySpan event(String eventName, long sinceStartMs, Object... keyValues) {
    events.add(new MemoryEvent(eventName, sinceStartMs * 1_000_000L, map(keyValues)));
    return this;
  }

  public MemorySpan link(String traceId, String spanId, Object... keyValues) {
    links.add(new MemoryLink(traceId, spanId, map(keyValues)));
    return this;
  }

  static Value toValue(Object o) {
    return switch (o) {
      case Value v -> v;
      case String s -> Value.of(s);
      case Integer i -> Value.of((long) i);
      case Long l -> Value.of((long) l);
      case Double d -> Value.of((double) d);
      case Boolean b -> Value.of((boolean) b);
      case List<?> list -> Value.array(list.stream().map(MemorySpan::toValue).toList());
      default -> throw new IllegalArgumentException("unsupported value " + o);
    };
  }

  private static Map<String, Value> map(Object... keyValues) {
    Map<String, Value> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], toValue(keyValues[i + 1]));
    }
    return m;
  }

  @Override
  public @Nullable Value attribute(Scope scope, String key) {
    return switch (scope) {
      case SPAN -> spanAttrs.get(key);
      case RESOURCE -> resourceAttrs.get(key);
      case INSTRUMENTATION -> scopeAttrs.get(key);
      default -> throw new IllegalArgumentException("scope " + scope);
    };
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StatusCode status() {
    return status;
  }

  @Override
  public String statusMessage() {
    return statusMessage;
  }

  @Override
  public SpanKind kind() {
    return kind;
  }

  @Override
  public long durationNanos() {
    return durationNanos;
  }

  @Override
  public String spanId() {
    return id;
  }

  @Override
  public String parentSpanId() {
    return parentId;
  }

  @Override
  public int childCount() {
    return childCount;
  }

  @Override
  public int nestedSetLeft() {
    return left;
  }

  @Override
  public int nestedSetRight() {
    return right;
  }

  @Override
  public int nestedSetParent() {
    return parent;
  }

  @Override
  public @Nullable String instrumentationName() {
    return instrumentationName;
  }

  @Override
  public @Nullable String instrumentationVersion() {
    return instrumentationVersion;
  }

  @Override
  public List<MemoryEvent> events() {
    return events;
  }

  @Override
  public List<MemoryLink> links() {
    return links;
  }

  @Override
  public String toString() {
    return id;
  }

  record MemoryEvent(String name, long timeSinceStartNanos, Map<String, Value> attrs)
      implements EventView {
    @Override
    public @Nullable Value attribute(String key) {
      return attrs.get(key);
    }
  }

  record MemoryLink(String traceId, String spanId, Map<String, Value> attrs) implements LinkView {
    @Override
    public @Nullable Value attribute(String key) {
      return attrs.get(key);
    }
  }
}
