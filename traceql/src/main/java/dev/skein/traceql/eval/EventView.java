package dev.skein.traceql.eval;

import dev.skein.traceql.ast.Value;
import org.jspecify.annotations.Nullable;

/** Read access to one span event, for {@code event.} attributes and {@code event:} intrinsics. */
public interface EventView {
  /** The event name. */
  String name();

  /** Event time minus span start time, in nanoseconds. */
  long timeSinceStartNanos();

  /** An event attribute, or null when absent. */
  @Nullable Value attribute(String key);
}
