package dev.skein.storage.block;

import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical form of a trace, which blocks store and return. OTLP lets the same spans be grouped
 * and ordered many ways; a block keeps every field but not the grouping order, so a round trip is
 * exact up to this normalization:
 *
 * <ol>
 *   <li>Spans are ordered by start time, then span id (unsigned bytes), then their position in the
 *       input (stable).
 *   <li>Resource groups that are equal (resource and schema url) are merged, and ordered by their
 *       first span in that order; scope groups likewise within a resource.
 *   <li>Spans keep their order inside a scope group.
 * </ol>
 *
 * Stateless and thread-safe.
 */
public final class TraceNormalizer {

  private static final Comparator<FlatSpan> ORDER =
      Comparator.<FlatSpan>comparingLong(f -> f.span().getStartTimeUnixNano())
          .thenComparing(
              (a, b) ->
                  Arrays.compareUnsigned(
                      a.span().getSpanId().toByteArray(), b.span().getSpanId().toByteArray()));

  private TraceNormalizer() {}

  /** The canonical form of {@code trace}. */
  public static Trace normalize(Trace trace) {
    return regroup(trace.traceId(), flattenSorted(trace));
  }

  /**
   * The spans of {@code trace} in canonical order, each with its resource and scope group headers
   * (the group messages without their children).
   */
  public static List<FlatSpan> flattenSorted(Trace trace) {
    List<FlatSpan> flat = new ArrayList<>(trace.spanCount());
    for (ResourceSpans rs : trace.resourceSpans()) {
      ResourceSpans rsHeader =
          rs.getScopeSpansCount() == 0 ? rs : rs.toBuilder().clearScopeSpans().build();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans ssHeader = ss.getSpansCount() == 0 ? ss : ss.toBuilder().clearSpans().build();
        for (Span span : ss.getSpansList()) {
          flat.add(new FlatSpan(rsHeader, ssHeader, span));
        }
      }
    }
    flat.sort(ORDER); // List.sort is stable
    return flat;
  }

  /** Groups spans already in canonical order back into resource and scope groups. */
  public static Trace regroup(TraceId traceId, List<FlatSpan> spans) {
    Map<ResourceSpans, Map<ScopeSpans, ScopeSpans.Builder>> groups = new LinkedHashMap<>();
    for (FlatSpan f : spans) {
      groups
          .computeIfAbsent(f.resource(), k -> new LinkedHashMap<>())
          .computeIfAbsent(f.scope(), ScopeSpans::toBuilder)
          .addSpans(f.span());
    }
    List<ResourceSpans> out = new ArrayList<>(groups.size());
    for (Map.Entry<ResourceSpans, Map<ScopeSpans, ScopeSpans.Builder>> e : groups.entrySet()) {
      ResourceSpans.Builder rs = e.getKey().toBuilder();
      for (ScopeSpans.Builder ss : e.getValue().values()) {
        rs.addScopeSpans(ss);
      }
      out.add(rs.build());
    }
    return new Trace(traceId, out);
  }

  /**
   * One span with its group headers.
   *
   * @param resource the span's resource group without scope groups
   * @param scope the span's scope group without spans
   * @param span the span
   */
  public record FlatSpan(ResourceSpans resource, ScopeSpans scope, Span span) {}
}
