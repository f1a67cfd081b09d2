package dev.skein.storage.block.vsk1;

import com.google.protobuf.ByteString;
import dev.skein.storage.block.TraceNormalizer;
import dev.skein.storage.block.TraceNormalizer.FlatSpan;
import dev.skein.trace.Trace;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.io.api.Binary;
import org.jspecify.annotations.Nullable;

/**
 * Turns one trace into its vsk1 rows: the spans in canonical order with nested-set numbers and the
 * trace-level values (start, end, root service and span name, per-service span and error counts).
 */
final class TraceRows {

  final byte[] traceId;
  final List<FlatSpan> spans;
  final int[] left;
  final int[] right;
  final int[] parent;

  /** Per row: rows back to the parent's row, or {@link ParentLinks#NO_DISTANCE}. */
  final int[] parentDistance;

  final long start;
  final long end;
  final @Nullable String rootService;
  final @Nullable String rootSpanName;

  /** Serialized group headers, shared by the spans of one group (identity-keyed). */
  private final Map<Object, Binary> headers = new java.util.IdentityHashMap<>();

  /** service name to {span count, error count}, sorted by name. */
  final TreeMap<String, int[]> serviceStats = new TreeMap<>();

  TraceRows(Trace trace) {
    this.traceId = trace.traceId().toBytes();
    this.spans = TraceNormalizer.flattenSorted(trace);
    int n = spans.size();
    left = new int[n];
    right = new int[n];
    parent = new int[n];
    long s = Long.MAX_VALUE;
    long e = Long.MIN_VALUE;
    String rootSvc = null;
    String rootName = null;
    for (FlatSpan f : spans) {
      Span span = f.span();
      s = Math.min(s, span.getStartTimeUnixNano());
      e = Math.max(e, span.getEndTimeUnixNano());
      String service = serviceName(f);
      int[] stats = serviceStats.computeIfAbsent(service, k -> new int[2]);
      stats[0]++;
      if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
        stats[1]++;
      }
      if (rootName == null && span.getParentSpanId().isEmpty()) {
        rootName = span.getName();
        rootSvc = service;
      }
    }
    start = s;
    end = e;
    rootService = rootSvc;
    rootSpanName = rootName;
    Map<ByteString, Integer> byId = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      byId.putIfAbsent(spans.get(i).span().getSpanId(), i);
    }
    numberNestedSets(byId);
    parentDistance = ParentLinks.distances(spans, byId);
  }

  Binary resourceBytes(ResourceSpans header) {
    return headers.computeIfAbsent(header, h -> Binary.fromConstantByteArray(header.toByteArray()));
  }

  Binary scopeBytes(ScopeSpans header) {
    return headers.computeIfAbsent(header, h -> Binary.fromConstantByteArray(header.toByteArray()));
  }

  static String serviceName(FlatSpan f) {
    for (KeyValue kv : f.resource().getResource().getAttributesList()) {
      if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
        return kv.getValue().getStringValue();
      }
    }
    return "";
  }

  /**
   * Numbers spans depth-first: left on entry, right on exit, parent = the parent's left (0 for
   * roots). Spans whose parent is missing, and cycles, start new trees.
   */
  private void numberNestedSets(Map<ByteString, Integer> byId) {
    int n = spans.size();
    List<List<Integer>> children = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      children.add(null);
    }
    boolean[] hasParent = new boolean[n];
    for (int i = 0; i < n; i++) {
      ByteString p = spans.get(i).span().getParentSpanId();
      Integer pi = p.isEmpty() ? null : byId.get(p);
      if (pi != null && pi != i) {
        if (children.get(pi) == null) {
          children.set(pi, new ArrayList<>(4));
        }
        children.get(pi).add(i);
        hasParent[i] = true;
      }
    }
    int[] counter = {1};
    boolean[] visited = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (!hasParent[i]) {
        visit(i, 0, children, visited, counter);
      }
    }
    for (int i = 0; i < n; i++) {
      if (!visited[i]) { // a cycle: no span in it is a root
        visit(i, 0, children, visited, counter);
      }
    }
  }

  private void visit(
      int root, int parentLeft, List<List<Integer>> children, boolean[] visited, int[] counter) {
    // iterative DFS: frames of {span, next child index}
    ArrayDeque<int[]> stack = new ArrayDeque<>();
    visited[root] = true;
    left[root] = counter[0]++;
    parent[root] = parentLeft;
    stack.push(new int[] {root, 0});
    while (!stack.isEmpty()) {
      int[] frame = stack.peek();
      List<Integer> kids = children.get(frame[0]);
      if (kids != null && frame[1] < kids.size()) {
        int c = kids.get(frame[1]++);
        if (!visited[c]) {
          visited[c] = true;
          left[c] = counter[0]++;
          parent[c] = left[frame[0]];
          stack.push(new int[] {c, 0});
        }
      } else {
        right[frame[0]] = counter[0]++;
        stack.pop();
      }
    }
  }

  @Override
  public String toString() {
    return "TraceRows{" + Arrays.toString(traceId) + ", spans=" + spans.size() + "}";
  }
}
