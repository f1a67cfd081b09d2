package dev.skein.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.api.v1.TraceByIDResponse;
import dev.skein.server.ingest.OtlpGrpcReceiver;
import dev.skein.server.ingest.SdkSpans;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole path in one process, run against each storage backend by a subclass: the OpenTelemetry
 * SDK exports over OTLP/gRPC, POST /flush turns the head block into a vsk1 block in the object
 * store, and the trace is then found field for field through the Tempo API from the block, by id,
 * by search and in the tag values; then the request sequence Grafana's Tempo data source sends is
 * replayed and its responses parsed as Grafana reads them.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "skein.server.http-listen-port=0",
      "skein.distributor.otlp-grpc-port=0",
      "skein.distributor.otlp-http-port=0"
    })
abstract class EndToEndSuite {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("skein.data-dir", () -> dataDir.toString());
  }

  /** Asserts that the block's objects are in this backend's store. */
  abstract void assertBlockStored() throws Exception;

  @Autowired OtlpGrpcReceiver grpc;

  @Value("${local.server.port}")
  int port;

  @Test
  void exportFlushQuery_traceServedFromTheBlock() throws Exception {
    List<SpanData> spans = SdkSpans.checkoutTrace("e2e-shop");
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + grpc.port()).build();
    try {
      CompletableResultCode result = exporter.export(spans).join(20, TimeUnit.SECONDS);
      assertThat(result.isSuccess()).isTrue();
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
    TraceId id = TraceId.parseHex(spans.get(0).getTraceId());

    // Before any block exists, tag autocomplete without a window answers from the ingester.
    JsonNode recent =
        JSON.readTree(
            new ApiClient(port)
                .getText("/api/v2/search/tag/resource.service.name/values?limit=100")
                .body());
    assertThat(recent.get("tagValues").findValuesAsString("value")).contains("e2e-shop");
    JsonNode recentNames =
        JSON.readTree(new ApiClient(port).getText("/api/v2/search/tags?scope=span").body());
    assertThat(recentNames.get("scopes").toString()).contains("http");

    HttpResponse<Void> flush =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flush"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(flush.statusCode()).isEqualTo(204);
    assertBlockStored();

    ApiClient api = new ApiClient(port);
    HttpResponse<byte[]> byId =
        api.get("/api/v2/traces/" + id.toHex(), "Accept", "application/protobuf");
    assertThat(byId.statusCode()).isEqualTo(200);
    TraceByIDResponse response = TraceByIDResponse.parseFrom(byId.body());
    Trace trace = new Trace(id, response.getTrace().getResourceSpansList());
    assertThat(trace.spanCount()).isEqualTo(spans.size());
    for (SpanData span : spans) {
      SdkSpans.assertContains(trace, span);
    }

    long start = spans.get(0).getStartEpochNanos() / 1_000_000_000L - 60;
    long end = start + 3600;
    String window = "&start=" + start + "&end=" + end;
    String q =
        URLEncoder.encode("{ resource.service.name = \"e2e-shop\" }", StandardCharsets.UTF_8);
    JsonNode found = JSON.readTree(api.getText("/api/search?q=" + q + window).body());
    assertThat(found.get("traces")).hasSize(1);
    assertThat(found.get("traces").get(0).get("traceID").asString()).isEqualTo(id.toHex());
    assertThat(found.get("traces").get(0).get("rootServiceName").asString()).isEqualTo("e2e-shop");

    JsonNode values =
        JSON.readTree(
            api.getText("/api/v2/search/tag/resource.service.name/values?limit=100" + window)
                .body());
    assertThat(values.get("tagValues").findValuesAsString("value")).contains("e2e-shop");

    // the q filter applies to blocks too: only the spans it matches give values
    String errors =
        URLEncoder.encode(
            "{ resource.service.name = \"e2e-shop\" && status = error }", StandardCharsets.UTF_8);
    JsonNode filtered =
        JSON.readTree(
            api.getText("/api/v2/search/tag/name/values?limit=100&q=" + errors + window).body());
    assertThat(filtered.get("tagValues").findValuesAsString("value"))
        .containsExactly("SELECT orders");
    String none =
        URLEncoder.encode("{ resource.service.name = \"nowhere\" }", StandardCharsets.UTF_8);
    JsonNode empty =
        JSON.readTree(
            api.getText("/api/v2/search/tag/name/values?limit=100&q=" + none + window).body());
    assertThat(empty.path("tagValues").size()).as(empty.toString()).isZero();

    grafanaSequence(api, id, start, end);
  }

  /** The calls Grafana's Tempo data source makes, in its order, parsed as Grafana reads them. */
  void grafanaSequence(ApiClient api, TraceId id, long start, long end) throws Exception {
    assertThat(api.getText("/api/echo").body()).isEqualTo("echo");

    JsonNode tags = JSON.readTree(api.getText("/api/v2/search/tags?limit=5000").body());
    assertThat(tags.get("scopes").findValuesAsString("name")).contains("intrinsic");

    String window = "&start=" + start + "&end=" + end;
    JsonNode scoped =
        JSON.readTree(api.getText("/api/v2/search/tags?scope=resource&limit=5000" + window).body());
    assertThat(scoped.get("scopes").get(0).get("tags").toString()).contains("service.name");

    JsonNode values =
        JSON.readTree(api.getText("/api/v2/search/tag/name/values?limit=5000" + window).body());
    for (JsonNode v : values.get("tagValues")) {
      assertThat(v.get("type").asString()).isNotBlank();
      assertThat(v.get("value").asString()).isNotBlank();
    }

    String q = URLEncoder.encode("{}", StandardCharsets.UTF_8);
    JsonNode search =
        JSON.readTree(api.getText("/api/search?q=" + q + "&limit=20&spss=3" + window).body());
    JsonNode first = search.get("traces").get(0);
    assertThat(first.get("traceID").asString()).matches("[0-9a-f]{32}");
    assertThat(Long.parseLong(first.get("startTimeUnixNano").asString())).isPositive();

    HttpResponse<byte[]> v2 =
        api.get(
            "/api/v2/traces/" + id.toHex() + "?start=" + start + "&end=" + end,
            "Accept",
            "application/protobuf");
    assertThat(TraceByIDResponse.parseFrom(v2.body()).getTrace().getResourceSpansCount())
        .isPositive();

    // Grafana falls back to v1 when v2 answers 404 (older Tempo); v1 must answer protobuf too.
    HttpResponse<byte[]> v1 =
        api.get("/api/traces/" + id.toHex(), "Accept", "application/protobuf");
    assertThat(dev.skein.api.v1.Trace.parseFrom(v1.body()).getResourceSpansCount()).isPositive();
    HttpResponse<byte[]> missing =
        api.get("/api/traces/" + "f".repeat(32), "Accept", "application/protobuf");
    assertThat(missing.statusCode()).isEqualTo(404);
  }
}
