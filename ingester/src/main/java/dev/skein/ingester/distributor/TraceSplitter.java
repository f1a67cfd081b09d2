package dev.skein.ingester.distributor;

import com.google.protobuf.ByteString;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates every span of a request, truncates long attribute values and regroups the valid spans
 * by trace id, keeping their resource and scope. Invalid spans are rejected with a reason and the
 * rest is kept; nothing here throws per span. Not thread-safe: one instance per request.
 */
final class TraceSplitter {

  private final AttributeTruncator truncator;
  private final Rejections rejections;
  private int totalSpans;

  TraceSplitter(int maxAttributeBytes, Rejections rejections) {
    this.truncator = new AttributeTruncator(maxAttributeBytes);
    this.rejections = rejections;
  }

  int totalSpans() {
    return totalSpans;
  }

  int truncatedAttributes() {
    return truncator.truncated();
  }

  /** The valid spans of {@code request}, one batch per trace id in first-seen order. */
  List<TraceBatch> split(ExportTraceServiceRequest request) {
    Map<TraceId, PerTrace> traces = new LinkedHashMap<>();
    for (int i = 0; i < request.getResourceSpansCount(); i++) {
      ResourceSpans rs = request.getResourceSpans(i);
      Resource resource = truncator.apply(rs.getResource());
      for (int j = 0; j < rs.getScopeSpansCount(); j++) {
        ScopeSpans ss = rs.getScopeSpans(j);
        InstrumentationScope scope = truncator.apply(ss.getScope());
        for (int k = 0; k < ss.getSpansCount(); k++) {
          totalSpans++;
          Span span = ss.getSpans(k);
          if (!valid(span, i, j, k)) {
            continue;
          }
          span = truncator.apply(span);
          TraceId id = TraceId.fromByteString(span.getTraceId());
          traces
              .computeIfAbsent(id, x -> new PerTrace())
              .add(i, j, resource, rs.getSchemaUrl(), scope, ss.getSchemaUrl(), span);
        }
      }
    }
    List<TraceBatch> out = new ArrayList<>(traces.size());
    traces.forEach((id, t) -> out.add(new TraceBatch(id, t.data.build().toByteArray(), t.spans)));
    return out;
  }

  private boolean valid(Span span, int i, int j, int k) {
    ByteString traceId = span.getTraceId();
    if (traceId.size() != 16 || allZero(traceId)) {
      reject(RefusalReason.INVALID_TRACE_ID, i, j, k, idProblem("trace id", traceId.size(), 16));
      return false;
    }
    ByteString spanId = span.getSpanId();
    if (spanId.size() != 8 || allZero(spanId)) {
      reject(RefusalReason.INVALID_SPAN_ID, i, j, k, idProblem("span id", spanId.size(), 8));
      return false;
    }
    if (Long.compareUnsigned(span.getEndTimeUnixNano(), span.getStartTimeUnixNano()) < 0) {
      reject(
          RefusalReason.END_BEFORE_START,
          i,
          j,
          k,
          endBeforeStart(span.getStartTimeUnixNano(), span.getEndTimeUnixNano()));
      return false;
    }
    return true;
  }

  static String endBeforeStart(long start, long end) {
    return "end time "
        + Long.toUnsignedString(end)
        + " is before start time "
        + Long.toUnsignedString(start);
  }

  private void reject(RefusalReason reason, int i, int j, int k, String detail) {
    reject(rejections, reason, i, j, k, detail);
  }

  /** Records one rejected span, located as {@code resourceSpans[i].scopeSpans[j].spans[k]}. */
  static void reject(
      Rejections rejections, RefusalReason reason, int i, int j, int k, String detail) {
    rejections.add(
        reason, 1, "resourceSpans[" + i + "].scopeSpans[" + j + "].spans[" + k + "]: " + detail);
  }

  /** Why an id of {@code size} bytes, expected {@code bytes} long, is invalid. */
  static String idProblem(String what, int size, int bytes) {
    if (size != bytes) {
      return what + " is " + size + " bytes, expected " + bytes;
    }
    return what + " is all zeros";
  }

  private static boolean allZero(ByteString b) {
    for (int i = 0; i < b.size(); i++) {
      if (b.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  /** The spans of one trace, regrouped under their resource and scope in request order. */
  private static final class PerTrace {
    final TracesData.Builder data = TracesData.newBuilder();
    ResourceSpans.Builder rs;
    ScopeSpans.Builder ss;
    int lastRs = -1;
    int lastSs = -1;
    int spans;

    void add(
        int i,
        int j,
        Resource resource,
        String rsSchema,
        InstrumentationScope scope,
        String ssSchema,
        Span span) {
      if (i != lastRs) {
        rs = data.addResourceSpansBuilder().setResource(resource).setSchemaUrl(rsSchema);
        lastRs = i;
        lastSs = -1;
      }
      if (j != lastSs) {
        ss = rs.addScopeSpansBuilder().setScope(scope).setSchemaUrl(ssSchema);
        lastSs = j;
      }
      ss.addSpans(span);
      spans++;
    }
  }
}
