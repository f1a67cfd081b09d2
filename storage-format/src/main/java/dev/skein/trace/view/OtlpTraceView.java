package dev.skein.trace.view;

import dev.skein.trace.Trace;
import dev.skein.traceql.eval.TraceView;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TraceView} over an OTLP trace in memory: spans in start-time order, with child counts
 * and nested-set numbers computed from parent ids, so structural TraceQL works on recent data as it
 * does on blocks. Spans whose parent is missing are treated as roots of their own subtree. Not
 * thread-safe; build one per evaluation thread.
 */
public final class OtlpTraceView implements TraceView {

  private static final Comparator<OtlpSpanView> BY_START =
      Comparator.comparingLong(OtlpSpanView::startNanos).thenComparing(OtlpSpanView::spanId);

  private final Trace trace;
  private final List<OtlpSpanView> spans;
  private final long startNanos;
  private final long endNanos;
  private final @Nullable OtlpSpanView root;

  /** Builds the view; O(n log n) in the number of spans. */
  public OtlpTraceView(Trace trace) {
    this.trace = trace;
    List<OtlpSpanView> all = new ArrayList<>(trace.spanCount());
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (ResourceSpans rs : trace.resourceSpans()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          all.add(new OtlpSpanView(span, rs.getResource(), ss.getScope()));
          start = Math.min(start, span.getStartTimeUnixNano());
          end = Math.max(end, span.getEndTimeUnixNano());
        }
      }
    }
    all.sort(BY_START);
    this.spans = List.copyOf(all);
    this.startNanos = all.isEmpty() ? 0 : start;
    this.endNanos = all.isEmpty() ? 0 : Math.max(start, end);
    this.root = numberTree(all);
  }

  /** Assigns child counts and nested-set numbers; returns the earliest true root, if any. */
  private static @Nullable OtlpSpanView numberTree(List<OtlpSpanView> spans) {
    Map<String, OtlpSpanView> byId = new HashMap<>(spans.size() * 2);
    for (OtlpSpanView s : spans) {
      byId.putIfAbsent(s.spanId(), s);
    }
    Map<OtlpSpanView, List<OtlpSpanView>> children = new HashMap<>();
    List<OtlpSpanView> roots = new ArrayList<>();
    OtlpSpanView trueRoot = null;
    for (OtlpSpanView s : spans) {
      OtlpSpanView parent = s.parentSpanId().isEmpty() ? null : byId.get(s.parentSpanId());
      if (parent == null || parent == s) {
        roots.add(s);
        if (trueRoot == null && s.parentSpanId().isEmpty()) {
          trueRoot = s;
        }
      } else {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
        parent.childCount++;
      }
    }
    int counter = 0;
    Deque<Object[]> stack = new ArrayDeque<>();
    for (OtlpSpanView r : roots) {
      stack.push(new Object[] {r, Boolean.FALSE});
      while (!stack.isEmpty()) {
        Object[] frame = stack.pop();
        OtlpSpanView s = (OtlpSpanView) frame[0];
        if ((Boolean) frame[1]) {
          s.right = ++counter;
          continue;
        }
        if (s.left != 0) {
          continue; // already numbered: a cycle in bad data
        }
        s.left = ++counter;
        stack.push(new Object[] {s, Boolean.TRUE});
        List<OtlpSpanView> kids = children.getOrDefault(s, List.of());
        for (int i = kids.size() - 1; i >= 0; i--) {
          OtlpSpanView kid = kids.get(i);
          if (kid.left == 0) {
            kid.parentLeft = s.left;
            stack.push(new Object[] {kid, Boolean.FALSE});
          }
        }
      }
    }
    return trueRoot;
  }

  /** The trace this view reads. */
  public Trace trace() {
    return trace;
  }

  @Override
  public String traceId() {
    return trace.traceId().toHex();
  }

  /** Earliest span start in unix nanoseconds, 0 for an empty trace. */
  public long startNanos() {
    return startNanos;
  }

  /** Latest span end in unix nanoseconds, 0 for an empty trace. */
  public long endNanos() {
    return endNanos;
  }

  @Override
  public long durationNanos() {
    return endNanos - startNanos;
  }

  @Override
  public @Nullable String rootName() {
    return root == null ? null : root.name();
  }

  @Override
  public @Nullable String rootServiceName() {
    return root == null ? null : root.serviceName();
  }

  @Override
  public List<OtlpSpanView> spans() {
    return spans;
  }
}
