package dev.skein.querier.analysis;

import com.google.protobuf.ByteString;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds handcrafted traces: span ids are small numbers, times are milliseconds after {@link #T0}.
 * Parent 0 means "root".
 */
final class TestTrace {

  static final TraceId ID = TraceId.parseHex("4bf92f3577b34da6a3ce929d0e0e4736");
  static final long T0 = 1_700_000_000_000_000_000L;
  static final long MS = 1_000_000L;

  private final Map<String, List<Span.Builder>> byService = new LinkedHashMap<>();
  private Span.Builder last = Span.newBuilder();

  /** The hex form of span id {@code n}. */
  static String id(long n) {
    return String.format("%016x", n);
  }

  static long ms(long millis) {
    return millis * MS;
  }

  /** Adds a span; {@code parent} 0 makes it a root. */
  TestTrace span(long id, long parent, String service, String name, long startMs, long endMs) {
    return spanNanos(id, parent, service, name, T0 + startMs * MS, T0 + endMs * MS);
  }

  TestTrace spanNanos(long id, long parent, String service, String name, long start, long end) {
    last =
        Span.newBuilder()
            .setTraceId(ID.toByteString())
            .setSpanId(bytes(id))
            .setName(name)
            .setKind(SpanKind.SPAN_KIND_INTERNAL)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(end);
    if (parent != 0) {
      last.setParentSpanId(bytes(parent));
    }
    byService.computeIfAbsent(service, k -> new ArrayList<>()).add(last);
    return this;
  }

  /** Sets the kind of the last span. */
  TestTrace kind(SpanKind kind) {
    last.setKind(kind);
    return this;
  }

  /** Marks the last span failed with {@code message}. */
  TestTrace error(String message) {
    last.setStatus(
        Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(message));
    return this;
  }

  /** Adds a string attribute to the last span. */
  TestTrace attribute(String key, String value) {
    last.addAttributes(attribute0(key, value));
    return this;
  }

  /** Adds an exception event to the last span. */
  TestTrace exception(String type, String message) {
    last.addEvents(
        Span.Event.newBuilder()
            .setName("exception")
            .addAttributes(attribute0("exception.type", type))
            .addAttributes(attribute0("exception.message", message)));
    return this;
  }

  Trace build() {
    List<ResourceSpans> batches = new ArrayList<>();
    byService.forEach(
        (service, spans) -> {
          ScopeSpans.Builder scope = ScopeSpans.newBuilder();
          spans.forEach(s -> scope.addSpans(s.build()));
          batches.add(
              ResourceSpans.newBuilder()
                  .setResource(
                      Resource.newBuilder().addAttributes(attribute0("service.name", service)))
                  .addScopeSpans(scope)
                  .build());
        });
    return new Trace(ID, batches);
  }

  TraceAnalysis analyze() {
    return new TraceAnalyzer(AnalysisConfig.defaults()).analyze(build());
  }

  TraceAnalysis analyze(AnalysisConfig config) {
    return new TraceAnalyzer(config).analyze(build());
  }

  private static ByteString bytes(long id) {
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
  }

  private static KeyValue attribute0(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
