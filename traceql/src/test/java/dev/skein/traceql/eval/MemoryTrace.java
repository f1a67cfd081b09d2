package dev.skein.traceql.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Test-data builder and in-memory {@link TraceView}. {@link Builder#build()} computes nested-set
 * numbers (left/right by a depth-first walk from the roots, parent = the parent's left, -1 for
 * roots), child counts, the trace duration and the root span's name and service.
 */
public final class MemoryTrace implements TraceView {
  private final String traceId;
  private final List<MemorySpan> spans;
  private final long durationNanos;
  private final @Nullable MemorySpan root;

  private MemoryTrace(String traceId, List<MemorySpan> spans) {
    this.traceId = traceId;
    this.spans = List.copyOf(spans);
    long start = spans.stream().mapToLong(s -> s.startNanos).min().orElse(0);
    long end = spans.stream().mapToLong(s -> s.startNanos + s.durationNanos).max().orElse(0);
    this.durationNanos = end - start;
    this.root = spans.stream().filter(s -> s.parentId.isEmpty()).findFirst().orElse(null);
  }

  /** Starts a trace with the given (hex) trace id. */
  public static Builder builder(String traceId) {
    return new Builder(traceId);
  }

  @Override
  public String traceId() {
    return traceId;
  }

  @Override
  public long durationNanos() {
    return durationNanos;
  }

  @Override
  public @Nullable String rootName() {
    return root == null ? null : root.name;
  }

  @Override
  public @Nullable String rootServiceName() {
    if (root == null) {
      return null;
    }
    var v = root.resourceAttrs.get("service.name");
    return v instanceof dev.skein.traceql.ast.Value.Str s ? s.value() : null;
  }

  @Override
  public List<MemorySpan> spans() {
    return spans;
  }

  /** Span by id, for assertions. */
  public MemorySpan span(String id) {
    return spans.stream().filter(s -> s.id.equals(id)).findFirst().orElseThrow();
  }

  @Override
  public String toString() {
    return "MemoryTrace{" + traceId + "}";
  }

  /** Collects spans, then numbers them. */
  public static final class Builder {
    private final String traceId;
    private final List<MemorySpan> spans = new ArrayList<>();

    private Builder(String traceId) {
      this.traceId = traceId;
    }

    /** Adds a span; {@code parentId} null or empty makes it a root. */
    public Builder span(String id, @Nullable String parentId, Consumer<MemorySpan> config) {
      MemorySpan s = new MemorySpan(id, parentId == null ? "" : parentId);
      config.accept(s);
      spans.add(s);
      return this;
    }

    public MemoryTrace build() {
      Map<String, List<MemorySpan>> children = new HashMap<>();
      for (MemorySpan s : spans) {
        children.computeIfAbsent(s.parentId, k -> new ArrayList<>()).add(s);
      }
      for (MemorySpan s : spans) {
        s.childCount = children.getOrDefault(s.id, List.of()).size();
      }
      int[] counter = {1};
      for (MemorySpan s : spans) {
        if (s.parentId.isEmpty() && s.numbered) {
          number(s, -1, children, counter);
        }
      }
      for (MemorySpan s : spans) {
        if (!s.numbered) {
          s.left = 0;
          s.right = 0;
          s.parent = 0;
        }
      }
      return new MemoryTrace(traceId, spans);
    }

    private static void number(
        MemorySpan s, int parentLeft, Map<String, List<MemorySpan>> children, int[] counter) {
      s.left = counter[0]++;
      s.parent = parentLeft;
      for (MemorySpan c : children.getOrDefault(s.id, List.of())) {
        number(c, s.left, children, counter);
      }
      s.right = counter[0]++;
    }
  }
}
