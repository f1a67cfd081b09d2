package dev.skein.querier.analysis;

import com.google.protobuf.ByteString;
import dev.skein.trace.Trace;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The spans of one trace as a forest: duplicates dropped, parents linked, depths set, cycles
 * broken. Spans whose parent is missing become tops of their own trees. Built in O(n log n).
 */
final class SpanGraph {

  static final String UNKNOWN_SERVICE = "unknown_service";

  private static final HexFormat HEX = HexFormat.of();
  private static final Comparator<SpanNode> START_ORDER =
      Comparator.comparingLong((SpanNode n) -> n.start)
          .thenComparing(Comparator.comparingLong((SpanNode n) -> n.end).reversed())
          .thenComparing(n -> n.spanId);

  /** All spans in start order. */
  final List<SpanNode> nodes;

  /** Spans without parent in the graph (roots, orphans, cycle breaks), in start order. */
  final List<SpanNode> tops = new ArrayList<>();

  /** Every span, parents before children. */
  final List<SpanNode> topDown = new ArrayList<>();

  final List<String> warnings = new ArrayList<>();
  final long start;
  final long end;

  /** Which spans {@link #descend} has reached, by index. */
  private boolean[] reached = new boolean[0];

  private SpanGraph(List<SpanNode> nodes) {
    this.nodes = nodes;
    long s = Long.MAX_VALUE;
    long e = Long.MIN_VALUE;
    for (SpanNode n : nodes) {
      s = Math.min(s, n.start);
      e = Math.max(e, n.end);
    }
    this.start = nodes.isEmpty() ? 0 : s;
    this.end = nodes.isEmpty() ? 0 : e;
  }

  /** Builds the graph of {@code trace}, recording what had to be worked around as warnings. */
  static SpanGraph of(Trace trace) {
    Map<String, SpanNode> byId = new HashMap<>();
    List<SpanNode> nodes = new ArrayList<>();
    int duplicates = 0;
    int withoutId = 0;
    int negative = 0;
    for (ResourceSpans rs : trace.resourceSpans()) {
      String service = serviceName(rs);
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          if (span.getSpanId().isEmpty()) {
            withoutId++;
            continue;
          }
          String id = hex(span.getSpanId());
          if (byId.containsKey(id)) {
            duplicates++;
            continue;
          }
          if (span.getEndTimeUnixNano() < span.getStartTimeUnixNano()) {
            negative++;
          }
          SpanNode node = new SpanNode(span, id, hex(span.getParentSpanId()), service);
          byId.put(id, node);
          nodes.add(node);
        }
      }
    }
    nodes.sort(START_ORDER);
    SpanGraph graph = new SpanGraph(List.copyOf(nodes));
    warn(
        graph.warnings,
        withoutId,
        "had no span id and was ignored",
        "had no span id and were ignored");
    warn(
        graph.warnings,
        duplicates,
        "repeated an earlier span id and was ignored",
        "repeated an earlier span id and were ignored");
    warn(
        graph.warnings,
        negative,
        "ended before it started; its duration counts as 0",
        "ended before they started; their duration counts as 0");
    graph.link(byId);
    return graph;
  }

  /** The root that stands for the whole request: the longest top, the earliest on ties. */
  @Nullable SpanNode mainRoot() {
    SpanNode best = null;
    for (SpanNode top : tops) {
      boolean realRoot = top.parentSpanId.isEmpty();
      if (best == null
          || (realRoot && !best.parentSpanId.isEmpty())
          || (realRoot == best.parentSpanId.isEmpty() && top.duration() > best.duration())) {
        best = top;
      }
    }
    return best;
  }

  long duration() {
    return end - start;
  }

  private void link(Map<String, SpanNode> byId) {
    int selfParents = 0;
    for (int i = 0; i < nodes.size(); i++) {
      SpanNode node = nodes.get(i);
      node.index = i;
      if (node.parentSpanId.isEmpty()) {
        continue;
      }
      SpanNode parent = byId.get(node.parentSpanId);
      if (parent == null) {
        node.orphan = true;
      } else if (parent == node) {
        selfParents++;
      } else {
        node.parent = parent;
        parent.children.add(node);
      }
    }
    warn(
        warnings,
        selfParents,
        "named itself as parent and was treated as a root",
        "named themselves as parent and were treated as roots");
    reached = new boolean[nodes.size()];
    for (SpanNode node : nodes) {
      if (node.parent == null) {
        tops.add(node);
        descend(node);
      }
    }
    int cycles = 0;
    for (SpanNode node : nodes) {
      SpanNode parent = node.parent;
      if (!reached[node.index] && parent != null) {
        // Every span on a parent cycle has a parent, so none was reached from a top: cut here.
        cycles++;
        parent.children.remove(node);
        node.parent = null;
        tops.add(node);
        descend(node);
      }
    }
    tops.sort(START_ORDER);
    warn(
        warnings,
        cycles,
        "closed a parent cycle, which was cut there",
        "closed parent cycles, which were cut there");
  }

  private void descend(SpanNode top) {
    ArrayDeque<SpanNode> queue = new ArrayDeque<>();
    top.depth = 0;
    reached[top.index] = true;
    queue.add(top);
    while (!queue.isEmpty()) {
      SpanNode node = queue.poll();
      topDown.add(node);
      for (SpanNode child : node.children) {
        if (!reached[child.index]) {
          reached[child.index] = true;
          child.depth = node.depth + 1;
          queue.add(child);
        }
      }
    }
  }

  private static String serviceName(ResourceSpans rs) {
    for (KeyValue kv : rs.getResource().getAttributesList()) {
      if (kv.getKey().equals("service.name") && !kv.getValue().getStringValue().isEmpty()) {
        return kv.getValue().getStringValue();
      }
    }
    return UNKNOWN_SERVICE;
  }

  static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  private static void warn(List<String> warnings, int count, String one, String many) {
    if (count > 0) {
      warnings.add(count + (count == 1 ? " span " + one : " spans " + many));
    }
  }
}
