package dev.skein.trace.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.eval.Evaluator;
import dev.skein.traceql.eval.SpanMatch;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpTraceViewTest {

  static final TraceId ID = TraceId.parseHex("1");

  static ByteString id(int n) {
    return ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) n});
  }

  static Span span(int id, int parent, String name, long start, long end) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(ID.toByteString())
            .setSpanId(id(id))
            .setName(name)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(end);
    if (parent > 0) {
      b.setParentSpanId(id(parent));
    }
    return b.build();
  }

  static ResourceSpans service(String name, Span... spans) {
    return ResourceSpans.newBuilder()
        .setResource(
            Resource.newBuilder()
                .addAttributes(
                    KeyValue.newBuilder()
                        .setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(name))))
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))
        .build();
  }

  // frontend: root(1) -> [api(2) -> db(3), db(4)], cache(5)
  static Trace shop() {
    Span db =
        span(3, 2, "SELECT", 300, 400).toBuilder()
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("db.system")
                    .setValue(AnyValue.newBuilder().setStringValue("postgresql")))
            .build();
    Span tagged =
        span(4, 2, "SELECT", 410, 450).toBuilder()
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("tags")
                    .setValue(
                        AnyValue.newBuilder()
                            .setArrayValue(
                                ArrayValue.newBuilder()
                                    .addValues(AnyValue.newBuilder().setStringValue("a"))
                                    .addValues(AnyValue.newBuilder().setStringValue("b")))))
            .build();
    return new Trace(
        ID,
        List.of(
            service("frontend", span(1, 0, "GET /", 100, 1000), span(5, 1, "cache", 150, 160)),
            service("api", span(2, 1, "checkout", 200, 900), db, tagged)));
  }

  @Test
  void view_traceLevelValues() {
    OtlpTraceView view = new OtlpTraceView(shop());
    assertThat(view.durationNanos()).isEqualTo(900);
    assertThat(view.rootName()).isEqualTo("GET /");
    assertThat(view.rootServiceName()).isEqualTo("frontend");
    assertThat(view.spans())
        .extracting(OtlpSpanView::name)
        .containsExactly("GET /", "cache", "checkout", "SELECT", "SELECT");
  }

  @Test
  void view_nestedSetNumbersDescribeTheTree() {
    OtlpTraceView view = new OtlpTraceView(shop());
    OtlpSpanView root = view.spans().get(0);
    OtlpSpanView checkout = view.spans().get(2);
    OtlpSpanView db = view.spans().get(3);
    assertThat(root.childCount()).isEqualTo(2);
    assertThat(checkout.childCount()).isEqualTo(2);
    assertThat(root.nestedSetLeft()).isEqualTo(1);
    assertThat(root.nestedSetRight()).isEqualTo(10);
    assertThat(db.nestedSetParent()).isEqualTo(checkout.nestedSetLeft());
    assertThat(checkout.nestedSetLeft()).isLessThan(db.nestedSetLeft());
    assertThat(db.nestedSetRight()).isLessThan(checkout.nestedSetRight());
    assertThat(root.nestedSetParent()).isEqualTo(-1);
  }

  @Test
  void evaluate_structuralAndAttributeQueries_matchExactSpans() {
    OtlpTraceView view = new OtlpTraceView(shop());
    assertThat(
            names(
                "{ resource.service.name = \"frontend\" } >> { span.db.system = \"postgresql\" }",
                view))
        .containsExactly("SELECT");
    assertThat(names("{ name = \"checkout\" } > { }", view)).containsExactly("SELECT", "SELECT");
    assertThat(names("{ status = error && kind = client }", view)).containsExactly("SELECT");
    assertThat(names("{ .tags = \"b\" }", view)).containsExactly("SELECT");
    assertThat(names("{ span.db.system = nil && resource.service.name = \"api\" }", view))
        .containsExactly("checkout", "SELECT");
    assertThat(names("{ trace:rootService = \"frontend\" && duration > 500ns }", view))
        .containsExactly("GET /", "checkout");
  }

  @Test
  void view_missingRoot_rootNameNull() {
    Trace orphaned = new Trace(ID, List.of(service("api", span(2, 1, "checkout", 200, 900))));
    OtlpTraceView view = new OtlpTraceView(orphaned);
    assertThat(view.rootName()).isNull();
    assertThat(view.spans().get(0).nestedSetLeft()).isEqualTo(1);
  }

  static List<String> names(String query, OtlpTraceView view) {
    return Evaluator.of(TraceQL.parse(query)).evaluate(view).stream()
        .flatMap(s -> s.spans().stream())
        .map(SpanMatch::span)
        .map(s -> s.name())
        .toList();
  }
}
