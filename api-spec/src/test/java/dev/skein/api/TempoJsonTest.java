package dev.skein.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.api.v1.PartialStatus;
import dev.skein.api.v1.SearchMetrics;
import dev.skein.api.v1.SearchResponse;
import dev.skein.api.v1.ServiceStats;
import dev.skein.api.v1.Span;
import dev.skein.api.v1.SpanSet;
import dev.skein.api.v1.Trace;
import dev.skein.api.v1.TraceByIDResponse;
import dev.skein.api.v1.TraceSearchMetadata;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TempoJsonTest {

  @Test
  void print_searchResponse_tempoQuirks() {
    SearchResponse response =
        SearchResponse.newBuilder()
            .addTraces(
                TraceSearchMetadata.newBuilder()
                    .setTraceId("2f3e0cee77ae5dc9c17ade3689eb2e54")
                    .setRootServiceName("shop-backend")
                    .setStartTimeUnixNano(1684778327699392724L)
                    .setDurationMs(557)
                    .addSpanSets(
                        SpanSet.newBuilder()
                            .setMatched(1)
                            .addSpans(
                                Span.newBuilder()
                                    .setSpanId("563d623c76514f8e")
                                    .setDurationNanos(446979497L)))
                    .putServiceStats(
                        "shop-backend", ServiceStats.newBuilder().setSpanCount(5).build()))
            .setMetrics(SearchMetrics.newBuilder().setInspectedBytes(630188).setTotalBlocks(13))
            .build();
    assertThat(TempoJson.print(response))
        .isEqualTo(
            "{\"traces\":[{\"traceID\":\"2f3e0cee77ae5dc9c17ade3689eb2e54\","
                + "\"rootServiceName\":\"shop-backend\","
                + "\"startTimeUnixNano\":\"1684778327699392724\",\"durationMs\":557,"
                + "\"spanSets\":[{\"spans\":[{\"spanID\":\"563d623c76514f8e\","
                + "\"durationNanos\":\"446979497\"}],\"matched\":1}],"
                + "\"serviceStats\":{\"shop-backend\":{\"spanCount\":5}}}],"
                + "\"metrics\":{\"inspectedBytes\":\"630188\",\"totalBlocks\":13}}");
  }

  @Test
  void print_traceByIdPartial_statusAsNameAndIdsBase64() {
    byte[] traceId = HexFormat.of().parseHex("2f3e0cee77ae5dc9c17ade3689eb2e54");
    Trace trace =
        Trace.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(
                                io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                    .setTraceId(ByteString.copyFrom(traceId))
                                    .setName("GET /cart")
                                    .setKind(
                                        io.opentelemetry.proto.trace.v1.Span.SpanKind
                                            .SPAN_KIND_SERVER))))
            .build();
    String json =
        TempoJson.print(
            TraceByIDResponse.newBuilder()
                .setTrace(trace)
                .setStatus(PartialStatus.PARTIAL)
                .setMessage("trace exceeds 5 MB")
                .build());
    assertThat(json)
        .contains("\"traceId\":\"Lz4M7neuXcnBet42iesuVA==\"")
        .contains("\"kind\":\"SPAN_KIND_SERVER\"")
        .contains("\"status\":\"PARTIAL\"");
    assertThat(TempoJson.print(TraceByIDResponse.newBuilder().setTrace(trace).build()))
        .doesNotContain("status");
  }

  @Test
  void printV1Trace_batchesKey() {
    Trace trace = Trace.newBuilder().addResourceSpans(ResourceSpans.getDefaultInstance()).build();
    assertThat(TempoJson.printV1Trace(trace)).isEqualTo("{\"batches\":[{}]}");
    assertThat(TempoJson.printV1Trace(Trace.getDefaultInstance())).isEqualTo("{\"batches\":[]}");
  }
}
