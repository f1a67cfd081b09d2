package dev.skein.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceCombinerTest {

  static final TraceId ID = TraceId.parseHex("0102030405060708090a0b0c0d0e0f10");

  static Resource service(String name) {
    return Resource.newBuilder()
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(name)))
        .build();
  }

  static Span span(int id, Span.SpanKind kind) {
    return Span.newBuilder()
        .setTraceId(ID.toByteString())
        .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) id}))
        .setKind(kind)
        .setName("op" + id)
        .build();
  }

  static Trace part(Resource resource, String scope, Span... spans) {
    return new Trace(
        ID,
        List.of(
            ResourceSpans.newBuilder()
                .setResource(resource)
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName(scope))
                        .addAllSpans(List.of(spans)))
                .build()));
  }

  @Test
  void combine_sameResourceAndScope_mergedIntoOneGroup() {
    Trace combined =
        TraceCombiner.combine(
            ID,
            List.of(
                part(service("cart"), "http", span(1, Span.SpanKind.SPAN_KIND_SERVER)),
                part(service("cart"), "http", span(2, Span.SpanKind.SPAN_KIND_CLIENT))));
    assertThat(combined.resourceSpans()).hasSize(1);
    assertThat(combined.resourceSpans().get(0).getScopeSpansList()).hasSize(1);
    assertThat(combined.spanCount()).isEqualTo(2);
  }

  @Test
  void combine_duplicateSpanIdAndKind_keptOnce() {
    TraceCombiner combiner = new TraceCombiner(ID, Long.MAX_VALUE);
    combiner.add(part(service("cart"), "http", span(1, Span.SpanKind.SPAN_KIND_SERVER)));
    combiner.add(part(service("cart"), "http", span(1, Span.SpanKind.SPAN_KIND_SERVER)));
    assertThat(combiner.result().spanCount()).isEqualTo(1);
    assertThat(combiner.duplicates()).isEqualTo(1);
  }

  @Test
  void combine_sameSpanIdDifferentKind_bothKept() {
    // Zipkin-style shared span ids: the client and server halves are different spans.
    Trace combined =
        TraceCombiner.combine(
            ID,
            List.of(
                part(service("a"), "x", span(1, Span.SpanKind.SPAN_KIND_CLIENT)),
                part(service("b"), "x", span(1, Span.SpanKind.SPAN_KIND_SERVER))));
    assertThat(combined.spanCount()).isEqualTo(2);
    assertThat(combined.resourceSpans()).hasSize(2);
  }

  @Test
  void combine_overByteCap_truncatesAndCounts() {
    int one = span(1, Span.SpanKind.SPAN_KIND_SERVER).getSerializedSize();
    TraceCombiner combiner = new TraceCombiner(ID, one * 2L);
    combiner.add(
        part(
            service("cart"),
            "http",
            span(1, Span.SpanKind.SPAN_KIND_SERVER),
            span(2, Span.SpanKind.SPAN_KIND_SERVER),
            span(3, Span.SpanKind.SPAN_KIND_SERVER)));
    assertThat(combiner.result().spanCount()).isEqualTo(2);
    assertThat(combiner.truncated()).isTrue();
    assertThat(combiner.truncatedSpans()).isEqualTo(1);
  }

  @Test
  void combine_spanOfOtherTrace_ignored() {
    Span foreign =
        span(9, Span.SpanKind.SPAN_KIND_SERVER).toBuilder()
            .setTraceId(TraceId.parseHex("ff").toByteString())
            .build();
    Trace combined = TraceCombiner.combine(ID, List.of(part(service("a"), "x", foreign)));
    assertThat(combined.spanCount()).isZero();
    assertThat(combined.resourceSpans()).isEmpty();
  }

  @Test
  void combine_singlePart_exactlyEqual() {
    Trace original =
        new Trace(
            ID,
            List.of(
                ResourceSpans.newBuilder()
                    .addScopeSpans(
                        ScopeSpans.newBuilder().addSpans(span(1, Span.SpanKind.SPAN_KIND_SERVER)))
                    .build()));
    assertThat(TraceCombiner.combine(ID, List.of(original))).isEqualTo(original);
  }
}
