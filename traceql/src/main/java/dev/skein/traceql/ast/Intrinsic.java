package dev.skein.traceql.ast;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A TraceQL intrinsic: a built-in field of a span, trace, event, link or instrumentation scope.
 * Each has a canonical scoped spelling (for example {@code span:duration}) and may have a legacy
 * unscoped one ({@code duration}); both parse to the same constant.
 */
public enum Intrinsic {
  NAME("span:name", "name", ValueType.STRING),
  STATUS("span:status", "status", ValueType.STATUS),
  STATUS_MESSAGE("span:statusMessage", "statusMessage", ValueType.STRING),
  DURATION("span:duration", "duration", ValueType.DURATION),
  KIND("span:kind", "kind", ValueType.KIND),
  SPAN_ID("span:id", null, ValueType.STRING),
  PARENT_ID("span:parentID", null, ValueType.STRING),
  CHILD_COUNT("span:childCount", "childCount", ValueType.INT),
  TRACE_DURATION("trace:duration", "traceDuration", ValueType.DURATION),
  ROOT_NAME("trace:rootName", "rootName", ValueType.STRING),
  ROOT_SERVICE("trace:rootService", "rootServiceName", ValueType.STRING),
  TRACE_ID("trace:id", null, ValueType.STRING),
  EVENT_NAME("event:name", null, ValueType.STRING),
  EVENT_TIME_SINCE_START("event:timeSinceStart", null, ValueType.DURATION),
  LINK_TRACE_ID("link:traceID", null, ValueType.STRING),
  LINK_SPAN_ID("link:spanID", null, ValueType.STRING),
  INSTRUMENTATION_NAME("instrumentation:name", null, ValueType.STRING),
  INSTRUMENTATION_VERSION("instrumentation:version", null, ValueType.STRING),
  NESTED_SET_LEFT(null, "nestedSetLeft", ValueType.INT),
  NESTED_SET_RIGHT(null, "nestedSetRight", ValueType.INT),
  NESTED_SET_PARENT(null, "nestedSetParent", ValueType.INT);

  private static final Map<String, Intrinsic> BY_SPELLING = new HashMap<>();

  static {
    for (Intrinsic i : values()) {
      if (i.scoped != null) {
        BY_SPELLING.put(i.scoped, i);
      }
      if (i.legacy != null) {
        BY_SPELLING.put(i.legacy, i);
      }
    }
  }

  private final @Nullable String scoped;
  private final @Nullable String legacy;
  private final ValueType type;

  Intrinsic(@Nullable String scoped, @Nullable String legacy, ValueType type) {
    this.scoped = scoped;
    this.legacy = legacy;
    this.type = type;
  }

  /** Looks an intrinsic up by its scoped or legacy spelling; null when unknown. */
  public static @Nullable Intrinsic forSpelling(String spelling) {
    return BY_SPELLING.get(spelling);
  }

  /** The canonical spelling: the scoped form when there is one, else the legacy name. */
  public String spelling() {
    return scoped != null ? scoped : Objects.requireNonNull(legacy);
  }

  /** The static type of this intrinsic's values. */
  public ValueType type() {
    return type;
  }

  /** Whether the value comes from the trace rather than from the span. */
  public boolean isTraceLevel() {
    return this == TRACE_DURATION || this == ROOT_NAME || this == ROOT_SERVICE || this == TRACE_ID;
  }
}
