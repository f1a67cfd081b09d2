package dev.skein.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.trace.Trace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spans made by the real OpenTelemetry SDK, and field-for-field checks against stored OTLP. */
public final class SdkSpans {

  private SdkSpans() {}

  /** A checkout trace: SERVER root with typed attributes, CLIENT child with event, link, error. */
  public static List<SpanData> checkoutTrace(String service) {
    List<SpanData> captured = new ArrayList<>();
    SpanExporter capture =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            captured.addAll(spans);
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                AttributeKey.stringKey("service.name"),
                                service,
                                AttributeKey.stringKey("host.name"),
                                "node-1"))))
            .addSpanProcessor(SimpleSpanProcessor.create(capture))
            .build()) {
      Tracer tracer = provider.get("skein-it", "1.2.3");
      io.opentelemetry.api.trace.Span root =
          tracer
              .spanBuilder("GET /checkout")
              .setSpanKind(SpanKind.SERVER)
              .setAttribute("http.response.status_code", 200L)
              .setAttribute("cart.total", 99.5)
              .setAttribute("user.vip", true)
              .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
              .startSpan();
      try (Scope s = root.makeCurrent()) {
        io.opentelemetry.api.trace.Span child =
            tracer
                .spanBuilder("SELECT orders")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system.name", "postgresql")
                .addLink(
                    SpanContext.create(
                        "0af7651916cd43dd8448eb211c80319c",
                        "b7ad6b7169203331",
                        TraceFlags.getSampled(),
                        TraceState.getDefault()),
                    Attributes.of(AttributeKey.stringKey("link.kind"), "follows-from"))
                .startSpan();
        child.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L));
        child.setStatus(StatusCode.ERROR, "connection reset");
        child.end();
      }
      root.end();
    }
    return captured;
  }

  /** Asserts that {@code trace} holds {@code expected} with every field the SDK sent. */
  public static void assertContains(Trace trace, SpanData expected) {
    String spanHex = expected.getSpanId();
    for (ResourceSpans rs : trace.resourceSpans()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          if (HexFormat.of().formatHex(span.getSpanId().toByteArray()).equals(spanHex)) {
            assertSpan(expected, rs, ss, span);
            return;
          }
        }
      }
    }
    throw new AssertionError("span " + spanHex + " not found in trace " + trace.traceId());
  }

  private static void assertSpan(SpanData sd, ResourceSpans rs, ScopeSpans ss, Span span) {
    assertThat(hex(span.getTraceId().toByteArray())).isEqualTo(sd.getTraceId());
    assertThat(
            span.getParentSpanId().isEmpty()
                ? "0000000000000000"
                : hex(span.getParentSpanId().toByteArray()))
        .isEqualTo(sd.getParentSpanId());
    assertThat(span.getName()).isEqualTo(sd.getName());
    assertThat(span.getKind().name()).isEqualTo("SPAN_KIND_" + sd.getKind().name());
    assertThat(span.getStartTimeUnixNano()).isEqualTo(sd.getStartEpochNanos());
    assertThat(span.getEndTimeUnixNano()).isEqualTo(sd.getEndEpochNanos());
    assertThat(span.getFlags() & 0xff)
        .isEqualTo(sd.getSpanContext().getTraceFlags().asByte() & 0xff);
    assertThat(attributes(span.getAttributesList())).isEqualTo(expected(sd.getAttributes()));
    assertThat(span.getStatus().getCode().name())
        .isEqualTo("STATUS_CODE_" + sd.getStatus().getStatusCode().name());
    assertThat(span.getStatus().getMessage()).isEqualTo(sd.getStatus().getDescription());
    assertThat(span.getEventsCount()).isEqualTo(sd.getEvents().size());
    for (int i = 0; i < sd.getEvents().size(); i++) {
      EventData e = sd.getEvents().get(i);
      assertThat(span.getEvents(i).getName()).isEqualTo(e.getName());
      assertThat(span.getEvents(i).getTimeUnixNano()).isEqualTo(e.getEpochNanos());
      assertThat(attributes(span.getEvents(i).getAttributesList()))
          .isEqualTo(expected(e.getAttributes()));
    }
    assertThat(span.getLinksCount()).isEqualTo(sd.getLinks().size());
    for (int i = 0; i < sd.getLinks().size(); i++) {
      LinkData l = sd.getLinks().get(i);
      assertThat(hex(span.getLinks(i).getTraceId().toByteArray()))
          .isEqualTo(l.getSpanContext().getTraceId());
      assertThat(hex(span.getLinks(i).getSpanId().toByteArray()))
          .isEqualTo(l.getSpanContext().getSpanId());
      assertThat(attributes(span.getLinks(i).getAttributesList()))
          .isEqualTo(expected(l.getAttributes()));
    }
    assertThat(ss.getScope().getName()).isEqualTo(sd.getInstrumentationScopeInfo().getName());
    assertThat(ss.getScope().getVersion()).isEqualTo(sd.getInstrumentationScopeInfo().getVersion());
    assertThat(attributes(rs.getResource().getAttributesList()))
        .isEqualTo(expected(sd.getResource().getAttributes()));
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static Map<String, AnyValue> attributes(List<KeyValue> kvs) {
    Map<String, AnyValue> m = new LinkedHashMap<>();
    kvs.forEach(kv -> m.put(kv.getKey(), kv.getValue()));
    return m;
  }

  private static Map<String, AnyValue> expected(Attributes attributes) {
    Map<String, AnyValue> m = new LinkedHashMap<>();
    attributes.forEach((k, v) -> m.put(k.getKey(), any(v)));
    // the order of attributes is not part of the contract: compare as sorted maps
    return new java.util.TreeMap<>(m)
        .entrySet().stream()
            .collect(
                LinkedHashMap::new, (acc, e) -> acc.put(e.getKey(), e.getValue()), Map::putAll);
  }

  private static AnyValue any(Object v) {
    AnyValue.Builder b = AnyValue.newBuilder();
    switch (v) {
      case String s -> b.setStringValue(s);
      case Long l -> b.setIntValue(l);
      case Double d -> b.setDoubleValue(d);
      case Boolean x -> b.setBoolValue(x);
      case List<?> list -> {
        ArrayValue.Builder arr = ArrayValue.newBuilder();
        list.forEach(x -> arr.addValues(any(x)));
        b.setArrayValue(arr);
      }
      default -> throw new IllegalArgumentException("unexpected attribute value " + v);
    }
    return b.build();
  }
}
