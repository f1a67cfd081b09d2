package dev.skein.traceql.eval;

import dev.skein.traceql.ast.Value;
import org.jspecify.annotations.Nullable;

/** Read access to one span link, for {@code link.} attributes and {@code link:} intrinsics. */
public interface LinkView {
  /** The linked trace id in lower-case hex. */
  String traceId();

  /** The linked span id in lower-case hex. */
  String spanId();

  /** A link attribute, or null when absent. */
  @Nullable Value attribute(String key);
}
