package dev.skein.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.api.v1.PartialStatus;
import dev.skein.api.v1.TraceByIDResponse;
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
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
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

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {"skein.server.http-listen-port=0", "skein.data-dir=target/it-data"})
class TraceApiIT {

  static final TraceId ID = TraceId.parseHex("2f3e0cee77ae5dc9c17ade3689eb2e54");
  static final TraceId SHORT = TraceId.parseHex("abc");
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Value("${local.server.port}")
  int port;

  static Trace trace(TraceId id) {
    Span span =
        Span.newBuilder()
            .setTraceId(id.toByteString())
            .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
            .setName("GET /cart")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(1684778327699392724L)
            .setEndTimeUnixNano(1684778328256392724L)
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
                                .setValue(AnyValue.newBuilder().setStringValue("shop"))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))
                .build()));
  }

  @TestConfiguration
  static class Sources {
    @Bean
    TraceSource memory() {
      Map<TraceId, Trace> traces = Map.of(ID, trace(ID), SHORT, trace(SHORT));
      return (tenant, id, window) ->
          List.of(
              new TraceLookup() {
                @Override
                public String describe() {
                  return "memory";
                }

                @Override
                public Result find() {
                  return new Result(Optional.ofNullable(traces.get(id)), 42);
                }
              });
    }
  }

  HttpResponse<byte[]> get(String path, String accept) throws IOException, InterruptedException {
    return new ApiClient(port).get(path, "Accept", accept);
  }

  @Test
  void v1_found_batchesWithBase64Ids() throws Exception {
    HttpResponse<byte[]> response = get("/api/traces/" + ID.toHex(), null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    JsonNode span = body.get("batches").get(0).get("scopeSpans").get(0).get("spans").get(0);
    assertThat(span.get("traceId").asString()).isEqualTo("Lz4M7neuXcnBet42iesuVA==");
    assertThat(span.get("kind").asString()).isEqualTo("SPAN_KIND_SERVER");
    assertThat(span.get("startTimeUnixNano").asString()).isEqualTo("1684778327699392724");
  }

  @Test
  void v1_absent_404WithJsonError() throws Exception {
    HttpResponse<byte[]> response = get("/api/traces/ffff", null);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).get("error").asString())
        .isEqualTo("trace 0000000000000000000000000000ffff not found");
  }

  @Test
  void v1_shortId_leftPadded() throws Exception {
    assertThat(get("/api/traces/abc", null).statusCode()).isEqualTo(200);
    assertThat(get("/api/traces/00000abc", null).statusCode()).isEqualTo(200);
  }

  @Test
  void v1_notHex_400SayingWhere() throws Exception {
    HttpResponse<byte[]> response = get("/api/traces/12xy", null);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("error").asString())
        .isEqualTo("trace id '12xy' is not hex: character 'x' at position 2");
  }

  @Test
  void v1_protobufAccept_binaryTrace() throws Exception {
    HttpResponse<byte[]> response = get("/api/traces/" + ID.toHex(), "application/protobuf");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/protobuf");
    dev.skein.api.v1.Trace trace = dev.skein.api.v1.Trace.parseFrom(response.body());
    assertThat(trace.getResourceSpansList()).isEqualTo(trace(ID).resourceSpans());
  }

  @Test
  void v2_found_wrapperWithMetricsAndNoStatus() throws Exception {
    HttpResponse<byte[]> response = get("/api/v2/traces/" + ID.toHex(), null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("trace").get("resourceSpans")).hasSize(1);
    assertThat(body.get("metrics").get("inspectedBytes").asString()).isEqualTo("42");
    assertThat(body.has("status")).isFalse();
  }

  @Test
  void v2_absent_200WithEmptyTrace() throws Exception {
    HttpResponse<byte[]> response = get("/api/v2/traces/ffff", null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("trace").isEmpty()).isTrue();
  }

  @Test
  void v2_protobufAccept_parsesAsTraceByIdResponse() throws Exception {
    HttpResponse<byte[]> response = get("/api/v2/traces/" + ID.toHex(), "application/protobuf");
    TraceByIDResponse parsed = TraceByIDResponse.parseFrom(response.body());
    assertThat(parsed.getStatus()).isEqualTo(PartialStatus.COMPLETE);
    assertThat(parsed.getTrace().getResourceSpansList()).isEqualTo(trace(ID).resourceSpans());
  }

  @Test
  void v2_badStartParameter_400() throws Exception {
    HttpResponse<byte[]> response = get("/api/v2/traces/" + ID.toHex() + "?start=soon&end=1", null);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("error").asString())
        .isEqualTo("start must be unix seconds (a whole number), was 'soon'");
  }
}
