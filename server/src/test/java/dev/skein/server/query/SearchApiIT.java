package dev.skein.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.querier.search.SearchSource;
import dev.skein.querier.search.TraceListJob;
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
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {"skein.server.http-listen-port=0", "skein.data-dir=target/it-data"})
class SearchApiIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final long SEC = 1_000_000_000L;

  @Value("${local.server.port}")
  int port;

  static Trace trace(int n, String service, long startSec, long durMs, boolean error) {
    TraceId id = TraceId.parseHex(Integer.toHexString(n));
    Span span =
        Span.newBuilder()
            .setTraceId(id.toByteString())
            .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) n}))
            .setName("GET /" + n)
            .setStartTimeUnixNano(startSec * SEC)
            .setEndTimeUnixNano(startSec * SEC + durMs * 1_000_000)
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("http.status_code")
                    .setValue(AnyValue.newBuilder().setIntValue(error ? 500 : 200)))
            .setStatus(
                Status.newBuilder()
                    .setCode(
                        error
                            ? Status.StatusCode.STATUS_CODE_ERROR
                            : Status.StatusCode.STATUS_CODE_UNSET))
            .build();
    return new Trace(
        id,
        List.of(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))
                .build()));
  }

  @TestConfiguration
  static class Sources {
    @Bean
    SearchSource memory() {
      List<Trace> traces =
          List.of(
              trace(1, "cart", 1_700_000_100L, 20, true),
              trace(2, "cart", 1_700_000_200L, 2000, false),
              trace(3, "shop", 1_700_000_300L, 5, true));
      return (tenant, plan) ->
          List.of(new TraceListJob("memory", Long.MAX_VALUE, plan, () -> traces));
    }
  }

  JsonNode search(String query) {
    HttpResponse<String> r = new ApiClient(port).getText("/api/search?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static String q(String traceql) {
    return "q=" + URLEncoder.encode(traceql, StandardCharsets.UTF_8);
  }

  @Test
  void search_traceql_newestFirstWithTempoShape() {
    JsonNode body = search(q("{ status = error }"));
    JsonNode traces = body.get("traces");
    assertThat(traces).hasSize(2);
    assertThat(traces.get(0).get("traceID").asString())
        .isEqualTo("00000000000000000000000000000003");
    assertThat(traces.get(0).get("rootServiceName").asString()).isEqualTo("shop");
    assertThat(traces.get(0).get("startTimeUnixNano").asString()).isEqualTo("1700000300000000000");
    assertThat(traces.get(0).get("spanSets").get(0).get("spans").get(0).get("spanID").asString())
        .isEqualTo("0000000000000003");
    assertThat(traces.get(1).get("traceID").asString())
        .isEqualTo("00000000000000000000000000000001");
    assertThat(body.get("metrics").get("inspectedTraces").asInt()).isEqualTo(3);
  }

  @Test
  void search_legacyTagsAndDuration() {
    JsonNode traces =
        search(
                "tags="
                    + URLEncoder.encode("service.name=cart", StandardCharsets.UTF_8)
                    + "&minDuration=1s")
            .get("traces");
    assertThat(traces).hasSize(1);
    assertThat(traces.get(0).get("traceID").asString())
        .isEqualTo("00000000000000000000000000000002");
    assertThat(traces.get(0).get("durationMs").asInt()).isEqualTo(2000);
  }

  @Test
  void search_intAttributeFromTagString_matches() {
    JsonNode traces = search("tags=http.status_code%3D500").get("traces");
    assertThat(traces).hasSize(2);
  }

  @Test
  void search_limit_newestOnly() {
    JsonNode traces = search(q("{ }") + "&limit=1").get("traces");
    assertThat(traces).hasSize(1);
    assertThat(traces.get(0).get("traceID").asString())
        .isEqualTo("00000000000000000000000000000003");
  }

  @Test
  void search_badTraceQL_400WithLineAndColumn() {
    HttpResponse<String> r = new ApiClient(port).getText("/api/search?" + q("{ status = }"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("error").asString())
        .isEqualTo(
            "invalid TraceQL: parse error at line 1, column 13: expected a value after '=',"
                + " found '}'");
  }

  @Test
  void search_badLimit_400() {
    HttpResponse<String> r = new ApiClient(port).getText("/api/search?limit=0");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("limit must be > 0, was 0");
  }
}
