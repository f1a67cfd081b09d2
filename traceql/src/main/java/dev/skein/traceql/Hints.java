package dev.skein.traceql;

import dev.skein.traceql.ast.Value;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Query hints from a trailing {@code with(name=value, ...)}, e.g. {@code with(most_recent=true)}.
 * Unknown hint names are kept, so callers may ignore what they do not support.
 */
public record Hints(Map<String, Value> values) {
  /** No hints. */
  public static final Hints NONE = new Hints(Map.of());

  /** Creates hints; iteration keeps the written order. */
  public Hints {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The value of a hint, or null if absent. */
  public @Nullable Value get(String name) {
    return values.get(name);
  }

  /** Whether {@code most_recent=true}: search must return the newest traces, not any. */
  public boolean mostRecent() {
    return values.get("most_recent") instanceof Value.Bool b && b.value();
  }

  @Override
  public String toString() {
    return values.isEmpty()
        ? ""
        : values.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ", "with(", ")"));
  }
}
