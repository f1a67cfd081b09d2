package dev.skein.trace;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Combines the parts of one trace (from ingesters, from several blocks, from retried exports) into
 * one trace: equal resources and scopes are merged, and a span seen twice (same span id and kind)
 * is kept once. Optionally stops adding spans past a byte budget and reports the trace as
 * truncated. Not thread-safe: one combiner per trace being assembled.
 */
public final class TraceCombiner {

  private final TraceId traceId;
  private final ByteString traceIdBytes;
  private final long maxBytes;
  private final Map<ResourceKey, Map<ScopeKey, ScopeSpans.Builder>> groups = new LinkedHashMap<>();
  private final Map<ResourceKey, ResourceSpans> firstOfResource = new LinkedHashMap<>();
  private final Set<SpanKey> seen = new HashSet<>();
  private long bytes;
  private int duplicates;
  private int truncatedSpans;

  /**
   * Creates a combiner.
   *
   * @param traceId the id of the trace being combined
   * @param maxBytes the most span bytes (serialized size) to keep; {@code Long.MAX_VALUE} for no
   *     cap
   */
  public TraceCombiner(TraceId traceId, long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be > 0, was " + maxBytes);
    }
    this.traceId = traceId;
    this.traceIdBytes = traceId.toByteString();
    this.maxBytes = maxBytes;
  }

  /** Combines parts with no size cap. */
  public static Trace combine(TraceId traceId, List<Trace> parts) {
    TraceCombiner combiner = new TraceCombiner(traceId, Long.MAX_VALUE);
    parts.forEach(combiner::add);
    return combiner.result();
  }

  /** Adds one part; spans of other traces are ignored. */
  public void add(Trace part) {
    for (ResourceSpans rs : part.resourceSpans()) {
      add(rs);
    }
  }

  /** Adds the spans of one resource group. */
  public void add(ResourceSpans rs) {
    ResourceKey rk = new ResourceKey(rs.getResource(), rs.getSchemaUrl());
    firstOfResource.putIfAbsent(rk, rs);
    Map<ScopeKey, ScopeSpans.Builder> scopes =
        groups.computeIfAbsent(rk, k -> new LinkedHashMap<>());
    for (ScopeSpans ss : rs.getScopeSpansList()) {
      ScopeKey sk = new ScopeKey(ss.getScope(), ss.getSchemaUrl());
      ScopeSpans.Builder target = scopes.get(sk);
      for (Span span : ss.getSpansList()) {
        if (!span.getTraceId().equals(traceIdBytes)) {
          continue;
        }
        if (!seen.add(new SpanKey(span.getSpanId(), span.getKindValue()))) {
          duplicates++;
          continue;
        }
        int size = span.getSerializedSize();
        if (bytes + size > maxBytes) {
          truncatedSpans++;
          continue;
        }
        bytes += size;
        if (target == null) {
          // The first group's own fields (presence of scope included) are kept exactly.
          target = ss.toBuilder().clearSpans();
          scopes.put(sk, target);
        }
        target.addSpans(span);
      }
    }
  }

  /** The combined trace so far; resource and scope groups without spans are left out. */
  public Trace result() {
    List<ResourceSpans> out = new ArrayList<>();
    for (Map.Entry<ResourceKey, Map<ScopeKey, ScopeSpans.Builder>> e : groups.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      ResourceSpans.Builder rs = firstOfResource.get(e.getKey()).toBuilder().clearScopeSpans();
      e.getValue().values().forEach(rs::addScopeSpans);
      out.add(rs.build());
    }
    return new Trace(traceId, out);
  }

  /** Whether spans were left out because of the byte cap. */
  public boolean truncated() {
    return truncatedSpans > 0;
  }

  /** How many spans were left out because of the byte cap. */
  public int truncatedSpans() {
    return truncatedSpans;
  }

  /** How many duplicate spans were dropped. */
  public int duplicates() {
    return duplicates;
  }

  /** Serialized bytes of the spans kept. */
  public long bytes() {
    return bytes;
  }

  private record ResourceKey(Resource resource, String schemaUrl) {}

  private record ScopeKey(InstrumentationScope scope, String schemaUrl) {}

  private record SpanKey(ByteString spanId, int kind) {}
}
