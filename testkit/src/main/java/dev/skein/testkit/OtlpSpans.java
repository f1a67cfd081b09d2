package dev.skein.testkit;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;

/** Test-data builders for OTLP requests, shared by the ingester and server tests. */
public final class OtlpSpans {

  private OtlpSpans() {}

  public static Span span(String traceIdHex, String spanIdHex, String name) {
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceIdHex)))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanIdHex)))
        .setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(1_000)
        .setEndTimeUnixNano(2_000)
        .addAttributes(attr("http.route", "/" + name))
        .build();
  }

  public static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  public static ExportTraceServiceRequest request(String service, List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resourceSpans(service, spans))
        .build();
  }

  public static ResourceSpans resourceSpans(String service, List<Span> spans) {
    return ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(attr("service.name", service)))
        .addScopeSpans(
            ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("test").setVersion("1"))
                .addAllSpans(spans))
        .build();
  }

  public static String hex(int traceNo) {
    return String.format("%032x", traceNo + 1);
  }

  public static String spanHex(int spanNo) {
    return String.format("%016x", spanNo + 1);
  }
}
