package dev.skein.storage.block.vsk1;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.skein.storage.block.TraceNormalizer;
import dev.skein.storage.block.TraceNormalizer.FlatSpan;
import dev.skein.trace.Trace;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.io.api.Binary;
import org.jspecify.annotations.Nullable;

/**
 * Turns one trace into its vsk1 rows: the spans in canonical order with parent distances and the
 * trace-level values (start, end, root service and span name, per-service span and error counts).
 */
final class TraceRows {

  final byte[] traceId;
  final List<FlatSpan> spans;

  /** Per row: rows back to the parent's row, or {@link ParentLinks#NO_DISTANCE}. */
  final int[] parentDistance;

  /** Per row: the span's start minus its reference row's start ({@link StartReference}). */
  final long[] startDelta;

  final long start;
  final long end;
  final @Nullable String rootService;
  final @Nullable String rootSpanName;

  /** Serialized group headers, shared by the spans of one group (identity-keyed). */
  private final Map<Object, Binary> headers = new java.util.IdentityHashMap<>();

  /** service name to {span count, error count}, sorted by name. */
  final TreeMap<String, int[]> serviceStats = new TreeMap<>();

  /** Serialized headers shared across the traces of a block. */
  private final HeaderBinaries shared;

  TraceRows(Trace trace) {
    this(trace, HeaderBinaries.unshared());
  }

  TraceRows(Trace trace, HeaderBinaries shared) {
    this.shared = shared;
    this.traceId = trace.traceId().toBytes();
    this.spans = TraceNormalizer.flattenSorted(trace);
    int n = spans.size();
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
    parentDistance = ParentLinks.distances(spans, byId);
    startDelta = new long[n];
    StartReference.Walk walk = new StartReference.Walk();
    walk.reset(start);
    for (int i = 0; i < n; i++) {
      long spanStart = spans.get(i).span().getStartTimeUnixNano();
      startDelta[i] = spanStart - walk.referenceStart(parentDistance[i]);
      walk.add(parentDistance[i], spanStart);
    }
  }

  Binary resourceBytes(ResourceSpans header) {
    return headerBytes(header);
  }

  Binary scopeBytes(ScopeSpans header) {
    return headerBytes(header);
  }

  /** The serialized header, found once per trace and group (the spans of a group share it). */
  private Binary headerBytes(Message header) {
    Binary b = headers.get(header);
    if (b == null) {
      b = shared.of(header);
      headers.put(header, b);
    }
    return b;
  }

  static String serviceName(FlatSpan f) {
    for (KeyValue kv : f.resource().getResource().getAttributesList()) {
      if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
        return kv.getValue().getStringValue();
      }
    }
    return "";
  }

  @Override
  public String toString() {
    return "TraceRows{" + Arrays.toString(traceId) + ", spans=" + spans.size() + "}";
  }
}
