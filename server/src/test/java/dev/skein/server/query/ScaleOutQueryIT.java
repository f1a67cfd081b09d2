package dev.skein.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.server.ApiClient;
import dev.skein.server.SkeinApplication;
import dev.skein.server.ingest.IngesterQueryServer;
import dev.skein.server.ingest.OtlpGrpcReceiver;
import dev.skein.server.ingest.SdkSpans;
import dev.skein.testkit.S3TestServer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scale-out query path with real servers: two Skein processes running the ingester (each with its
 * own OTLP receiver) and a third running only the querier, all on one S3 test server, wired by
 * {@code skein.querier.ingesters}. Spans sent by the OpenTelemetry SDK to either ingester are found
 * through the querier before any flush; stopping one ingester makes answers PARTIAL naming it,
 * never a 500.
 */
class ScaleOutQueryIT {

  static final JsonMapper JSON = JsonMapper.builder().build();

  static S3TestServer s3;
  static ConfigurableApplicationContext ingesterA;
  static ConfigurableApplicationContext ingesterB;
  static ConfigurableApplicationContext querier;
  static String addressB;

  @BeforeAll
  static void start() {
    s3 = S3TestServer.start();
    String run = "target/it-data/scale-out-" + UUID.randomUUID();
    ingesterA = skein(run + "/ingester-a", "distributor,ingester");
    ingesterB = skein(run + "/ingester-b", "distributor,ingester");
    addressB = "127.0.0.1:" + ingesterB.getBean(IngesterQueryServer.class).port();
    querier =
        skein(
            run + "/querier",
            "querier",
            "--skein.querier.ingesters=127.0.0.1:"
                + ingesterA.getBean(IngesterQueryServer.class).port()
                + ","
                + addressB,
            "--skein.querier.ingester-timeout=5s");
  }

  @AfterAll
  static void stop() {
    for (ConfigurableApplicationContext c :
        new ConfigurableApplicationContext[] {querier, ingesterA, ingesterB}) {
      if (c != null && c.isActive()) {
        c.close();
      }
    }
    s3.close();
  }

  static ConfigurableApplicationContext skein(String dataDir, String target, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--skein.target=" + target,
                "--skein.data-dir=" + dataDir,
                "--skein.server.http-listen-port=0",
                "--skein.distributor.otlp-grpc-port=0",
                "--skein.distributor.otlp-http-port=0",
                "--skein.ingester.query-grpc-port=0",
                "--skein.storage.backend=s3",
                "--skein.storage.s3.endpoint=" + s3.endpoint(),
                "--skein.storage.s3.bucket=" + S3TestServer.BUCKET,
                "--skein.storage.s3.prefix=scale-out",
                "--skein.storage.s3.path-style=true",
                "--skein.storage.s3.access-key=" + S3TestServer.ACCESS_KEY,
                "--skein.storage.s3.secret-key=" + S3TestServer.SECRET_KEY));
    args.addAll(List.of(more));
    return new SpringApplicationBuilder(SkeinApplication.class).run(args.toArray(String[]::new));
  }

  static void export(ConfigurableApplicationContext ingester, List<SpanData> spans) {
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + ingester.getBean(OtlpGrpcReceiver.class).port())
            .build();
    try {
      CompletableResultCode result = exporter.export(spans).join(30, TimeUnit.SECONDS);
      assertThat(result.isSuccess()).isTrue();
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  static ApiClient api() {
    return new ApiClient(((WebServerApplicationContext) querier).getWebServer().getPort());
  }

  static JsonNode getJson(String path) {
    HttpResponse<byte[]> r = api().get(path);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(body).isEqualTo(200);
    return JSON.readTree(body);
  }

  static int spanCount(JsonNode resourceSpans) {
    int n = 0;
    for (JsonNode rs : resourceSpans) {
      for (JsonNode ss : rs.get("scopeSpans")) {
        n += ss.get("spans").size();
      }
    }
    return n;
  }

  @Test
  void ingestedIntoEitherIngester_foundThroughQuerierBeforeFlush_thenPartialWhenOneStops()
      throws Exception {
    // A trace whose two spans land on different ingesters, and one trace on each.
    List<SpanData> split = SdkSpans.checkoutTrace("split-svc");
    List<SpanData> onA = SdkSpans.checkoutTrace("only-on-a");
    List<SpanData> onB = SdkSpans.checkoutTrace("only-on-b");
    export(ingesterA, List.of(split.get(0)));
    export(ingesterB, List.of(split.get(1)));
    export(ingesterA, onA);
    export(ingesterB, onB);
    String splitId = split.get(0).getTraceId();

    JsonNode byId = getJson("/api/v2/traces/" + splitId);
    assertThat(byId.has("status")).as(byId.toString()).isFalse();
    assertThat(spanCount(byId.get("trace").get("resourceSpans"))).isEqualTo(2);

    JsonNode search = getJson("/api/search?q=%7B%20%7D&limit=50");
    assertThat(search.findValuesAsString("traceID"))
        .contains(splitId, onA.get(0).getTraceId(), onB.get(0).getTraceId());
    assertThat(search.has("status")).isFalse();

    JsonNode values = getJson("/api/v2/search/tag/resource.service.name/values");
    assertThat(values.get("tagValues").findValuesAsString("value"))
        .contains("split-svc", "only-on-a", "only-on-b");

    ingesterB.close();

    JsonNode partial = getJson("/api/v2/traces/" + splitId);
    assertThat(partial.get("status").asString()).isEqualTo("PARTIAL");
    assertThat(partial.get("message").asString()).contains("ingester " + addressB);
    assertThat(spanCount(partial.get("trace").get("resourceSpans"))).isEqualTo(1);

    HttpResponse<byte[]> v1 = api().get("/api/traces/" + splitId);
    assertThat(v1.statusCode()).isEqualTo(200);
    assertThat(v1.headers().firstValue(TraceController.PARTIAL_HEADER).orElse(""))
        .contains("ingester " + addressB);
    assertThat(spanCount(JSON.readTree(v1.body()).get("batches"))).isEqualTo(1);

    HttpResponse<byte[]> missing = api().get("/api/traces/" + onB.get(0).getTraceId());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new String(missing.body(), StandardCharsets.UTF_8))
        .contains("answer incomplete")
        .contains("ingester " + addressB);

    JsonNode partialSearch = getJson("/api/search?q=%7B%20%7D&limit=50");
    assertThat(partialSearch.get("status").asString()).isEqualTo("PARTIAL");
    assertThat(partialSearch.get("message").asString()).contains("ingester " + addressB);
    assertThat(partialSearch.findValuesAsString("traceID"))
        .contains(splitId, onA.get(0).getTraceId())
        .doesNotContain(onB.get(0).getTraceId());

    JsonNode remainingValues = getJson("/api/v2/search/tag/resource.service.name/values");
    assertThat(remainingValues.get("tagValues").findValuesAsString("value"))
        .contains("only-on-a")
        .doesNotContain("only-on-b");
  }
}
