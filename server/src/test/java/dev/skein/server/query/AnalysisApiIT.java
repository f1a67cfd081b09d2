package dev.skein.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.querier.trace.TraceLookup;
import dev.skein.querier.trace.TraceSource;
import dev.skein.server.ApiClient;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v2/traces/{id}/analysis} end to end; every response is checked against
 * openapi.yaml by {@link ApiClient}. The N+1 threshold is lowered through its property to show that
 * {@code skein.querier.analysis.*} binds.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "skein.server.http-listen-port=0",
      "skein.data-dir=target/it-data",
      "skein.querier.analysis.n-plus-one-min-calls=3"
    })
class AnalysisApiIT {

  static final TraceId ID = TraceId.parseHex("4bf92f3577b34da6a3ce929d0e0e4736");
  static final long T0 = 1_700_000_000_000_000_000L;
  static final long MS = 1_000_000L;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Value("${local.server.port}")
  int port;

  static Span span(int id, int parent, String name, long startMs, long endMs) {
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ID.toByteString())
            .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array()))
            .setName(name)
            .setStartTimeUnixNano(T0 + startMs * MS)
            .setEndTimeUnixNano(T0 + endMs * MS);
    if (parent != 0) {
      span.setParentSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(parent).array()));
    }
    return span.build();
  }

  /** GET /orders [0,100] runs three sequential queries of 20 ms; the last one fails. */
  static Trace trace() {
    Span failed =
        span(4, 1, "SELECT item", 70, 90).toBuilder()
            .setStatus(
                Status.newBuilder()
                    .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage("deadlock"))
            .build();
    return new Trace(
        ID,
        List.of(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("orders"))))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .addSpans(span(1, 0, "GET /orders", 0, 100))
                        .addSpans(span(2, 1, "SELECT item", 10, 30))
                        .addSpans(span(3, 1, "SELECT item", 40, 60))
                        .addSpans(failed))
                .build()));
  }

  @TestConfiguration
  static class Sources {
    @Bean
    TraceSource memory() {
      Map<TraceId, Trace> traces = Map.of(ID, trace());
      return (tenant, id, window) ->
          List.of(
              new TraceLookup() {
                @Override
                public String describe() {
                  return "memory";
                }

                @Override
                public Result find() {
                  return new Result(Optional.ofNullable(traces.get(id)), 7);
                }
              });
    }
  }

  JsonNode get(String path, int expectedStatus) throws Exception {
    HttpResponse<byte[]> response = new ApiClient(port).get(path);
    assertThat(response.statusCode()).isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }

  @Test
  void analysis_found_timesInNanosAndHexIds() throws Exception {
    JsonNode body = get("/api/v2/traces/" + ID.toHex() + "/analysis", 200);

    assertThat(body.get("traceId").asString()).isEqualTo(ID.toHex());
    assertThat(body.get("startTimeUnixNano").asString()).isEqualTo(Long.toString(T0));
    assertThat(body.get("durationNanos").asLong()).isEqualTo(100 * MS);
    assertThat(body.get("spanCount").asInt()).isEqualTo(4);
    assertThat(body.get("partial").asBoolean()).isFalse();
    JsonNode root = body.get("spans").get(0);
    assertThat(root.get("spanId").asString()).isEqualTo("0000000000000001");
    assertThat(root.get("parentSpanId").asString()).isEmpty();
    assertThat(root.get("selfNanos").asLong()).isEqualTo(40 * MS);
    assertThat(root.get("onCriticalPath").asBoolean()).isTrue();
    assertThat(body.get("services").get(0).get("totalNanos").asLong()).isEqualTo(160 * MS);
    long pathTotal = 0;
    for (JsonNode segment : body.get("criticalPath")) {
      pathTotal += segment.get("durationNanos").asLong();
    }
    assertThat(pathTotal).isEqualTo(100 * MS);
  }

  @Test
  void analysis_sequentialQueries_nPlusOneAndErrorFindings() throws Exception {
    JsonNode findings = get("/api/v2/traces/" + ID.toHex() + "/analysis", 200).get("findings");

    assertThat(findings)
        .extracting(f -> f.get("type").asString())
        .containsExactlyInAnyOrder("N_PLUS_ONE", "ERROR");
    for (JsonNode finding : findings) {
      if (finding.get("type").asString().equals("N_PLUS_ONE")) {
        assertThat(finding.get("spanIds"))
            .extracting(JsonNode::asString)
            .containsExactly(
                "0000000000000001", "0000000000000002", "0000000000000003", "0000000000000004");
        assertThat(finding.get("impactNanos").asLong()).isEqualTo(60 * MS);
        assertThat(finding.get("explanation").asString()).contains("3 times, one after another");
      } else {
        assertThat(finding.get("explanation").asString()).contains("deadlock");
        assertThat(finding.get("severity").asString()).isEqualTo("MEDIUM");
      }
    }
  }

  @Test
  void analysis_absent_404WithJsonError() throws Exception {
    JsonNode body = get("/api/v2/traces/ffff/analysis", 404);

    assertThat(body.get("error").asString())
        .isEqualTo("trace 0000000000000000000000000000ffff not found");
    assertThat(body.get("status").asInt()).isEqualTo(404);
  }

  @Test
  void analysis_notHex_400() throws Exception {
    JsonNode body = get("/api/v2/traces/12xy/analysis", 400);

    assertThat(body.get("error").asString()).contains("not hex");
  }
}
