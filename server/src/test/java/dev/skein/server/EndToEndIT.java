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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * The whole path in one process on the embedded default (local storage): the OpenTelemetry SDK
 * exports over OTLP/gRPC, POST /flush turns the head block into a vsk1 block in the object store,
 * and the trace is then found field for field through the Tempo API from the block, by id, by
 * search and in the tag values.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "skein.server.http-listen-port=0",
      "skein.distributor.otlp-grpc-port=0",
      "skein.distributor.otlp-http-port=0"
    })
class EndToEndIT {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("skein.data-dir", () -> dataDir.toString());
  }

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

    HttpResponse<Void> flush =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flush"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(flush.statusCode()).isEqualTo(204);
    try (Stream<Path> files = Files.walk(dataDir.resolve("blocks/single-tenant"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .contains("meta.json", "data.parquet", "search.idx");
    }

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
  }
}
