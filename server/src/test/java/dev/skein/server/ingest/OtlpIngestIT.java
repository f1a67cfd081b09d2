package dev.skein.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.ingester.live.Ingester;
import dev.skein.querier.QuerierConfig;
import dev.skein.querier.search.SearchEngine;
import dev.skein.querier.search.SearchSource;
import dev.skein.testkit.OtlpSpans;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ingest path end to end in the running application: real OpenTelemetry SDK exporters over
 * OTLP/gRPC and OTLP/HTTP, then every span found again through the ingester, field for field; and
 * bad input of every kind, each with its documented status while the server keeps serving.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "skein.server.http-listen-port=0",
      "skein.distributor.otlp-grpc-port=0",
      "skein.distributor.otlp-http-port=0",
      "skein.multitenancy-enabled=true",
      "skein.distributor.max-request-bytes=1000000",
      "skein.distributor.max-attribute-bytes=100"
    })
class OtlpIngestIT {

  static final String TENANT = "acme";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static ManagedChannel channel;

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("skein.data-dir", () -> dataDir.toString());
  }

  @Autowired Ingester ingester;
  @Autowired dev.skein.storage.tenant.BlockList blocks;
  @Autowired dev.skein.storage.backend.ObjectStore store;
  @Autowired OtlpGrpcReceiver grpc;
  @Autowired OtlpHttpReceiver http;
  @Autowired List<SearchSource> searchSources;
  @Autowired QuerierConfig querierConfig;

  @Value("${local.server.port}")
  int apiPort;

  @AfterAll
  static void closeChannel() {
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0} compression={1}")
  @CsvSource({"grpc, none", "grpc, gzip", "http, none", "http, gzip"})
  void sdkExporter_checkoutTrace_everySpanFoundFieldForField(String transport, String compression) {
    List<SpanData> spans = SdkSpans.checkoutTrace("it-" + transport + "-" + compression);
    SpanExporter exporter =
        transport.equals("grpc")
            ? OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + grpc.port())
                .setCompression(compression)
                .addHeader("X-Scope-OrgID", TENANT)
                .build()
            : OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + http.port() + "/v1/traces")
                .setCompression(compression)
                .addHeader("X-Scope-OrgID", TENANT)
                .build();
    try {
      CompletableResultCode result = exporter.export(spans).join(20, TimeUnit.SECONDS);
      assertThat(result.isSuccess()).as("export acknowledged").isTrue();
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
    // acknowledged means findable: no waiting
    Trace trace =
        ingester.findTraceById(TENANT, TraceId.parseHex(spans.get(0).getTraceId())).orElseThrow();
    assertThat(trace.spanCount()).isEqualTo(2);
    for (SpanData span : spans) {
      SdkSpans.assertContains(trace, span);
    }
    assertThat(ingester.findTraceById("other-tenant", trace.traceId())).isEmpty();
  }

  @Test
  void search_rightAfterAcknowledgement_recentTraceMatchesTraceQL() throws Exception {
    List<SpanData> spans = SdkSpans.checkoutTrace("search-svc");
    SpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + grpc.port())
            .addHeader("X-Scope-OrgID", TENANT)
            .build();
    try {
      assertThat(exporter.export(spans).join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
    try (SearchEngine engine = new SearchEngine(searchSources, querierConfig)) {
      var response =
          engine.search(
              List.of(TENANT),
              engine
                  .parser()
                  .parse(
                      java.util.Map.of(
                          "q", "{ resource.service.name = \"search-svc\" && status = error }")));
      assertThat(response.getTracesList())
          .extracting(m -> m.getTraceId())
          .contains(spans.get(0).getTraceId());
      var none =
          engine.search(
              List.of("other-tenant"),
              engine
                  .parser()
                  .parse(java.util.Map.of("q", "{ resource.service.name = \"search-svc\" }")));
      assertThat(none.getTracesList()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "otel-js-http.json, application/json",
    "otel-java-marshaler.json, application/json",
    "otel-js-http.pb, application/x-protobuf"
  })
  void http_capturedSdkBody_storedExactlyAsDecoded(String file, String type) throws Exception {
    byte[] body;
    try (var in = getClass().getResourceAsStream("/testdata/" + file)) {
      body = in.readAllBytes();
    }
    ExportTraceServiceRequest sent =
        type.equals("application/json")
            ? dev.skein.ingester.receiver.OtlpJsonDecoder.decode(body)
            : ExportTraceServiceRequest.parseFrom(body);
    HttpResponse<byte[]> r = post(body, type, "captured-" + file.replace('.', '-'), true);
    assertThat(r.statusCode()).isEqualTo(200);
    for (var rs : sent.getResourceSpansList()) {
      for (var ss : rs.getScopeSpansList()) {
        for (var span : ss.getSpansList()) {
          Trace t =
              ingester
                  .findTraceById(
                      "captured-" + file.replace('.', '-'),
                      TraceId.fromByteString(span.getTraceId()))
                  .orElseThrow();
          assertThat(
                  t.resourceSpans().stream()
                      .flatMap(x -> x.getScopeSpansList().stream())
                      .flatMap(x -> x.getSpansList().stream()))
              .contains(truncated(span, 100));
          assertThat(t.resourceSpans()).allMatch(x -> x.getResource().equals(rs.getResource()));
        }
      }
    }
  }

  /** What skein.distributor.max-attribute-bytes=100 does to ASCII string values. */
  static io.opentelemetry.proto.trace.v1.Span truncated(
      io.opentelemetry.proto.trace.v1.Span span, int max) {
    var b = span.toBuilder();
    b.getAttributesBuilderList().forEach(kv -> truncate(kv, max));
    b.getEventsBuilderList()
        .forEach(e -> e.getAttributesBuilderList().forEach(kv -> truncate(kv, max)));
    b.getLinksBuilderList()
        .forEach(l -> l.getAttributesBuilderList().forEach(kv -> truncate(kv, max)));
    return b.build();
  }

  static void truncate(io.opentelemetry.proto.common.v1.KeyValue.Builder kv, int max) {
    String v = kv.getValue().getStringValue();
    if (v.length() > max) {
      kv.getValueBuilder().setStringValue(v.substring(0, max));
    }
  }

  @Test
  void grpc_missingTenant_unauthenticated() {
    ExportTraceServiceRequest request = request();
    assertThatThrownBy(() -> stub(null).export(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription()).contains("X-Scope-OrgID");
            });
    assertThat(stub(TENANT).export(request).hasPartialSuccess()).isFalse();
  }

  @Test
  void grpc_invalidSpans_partialSuccessWithReasons() {
    ExportTraceServiceRequest.Builder b = request().toBuilder();
    b.getResourceSpansBuilder(0)
        .getScopeSpansBuilder(0)
        .addSpans(
            b.getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder()
                .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[16])));
    ExportTraceServiceResponse response = stub(TENANT).export(b.build());
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .isEqualTo(
            "rejected 1 of 2 spans: 1 invalid_trace_id (first:"
                + " resourceSpans[0].scopeSpans[0].spans[1]: trace id is all zeros)");
  }

  @Test
  void http_truncatedProtobuf_400WithStatusMessage() throws Exception {
    byte[] body = request().toByteArray();
    HttpResponse<byte[]> r =
        post(
            java.util.Arrays.copyOf(body, body.length - 5),
            "application/x-protobuf",
            TENANT,
            false);
    assertThat(r.statusCode()).isEqualTo(400);
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(r.body());
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(status.getMessage()).startsWith("malformed OTLP protobuf");
  }

  @Test
  void http_randomBytes_400() throws Exception {
    byte[] random = new byte[300];
    new Random(7).nextBytes(random);
    assertThat(post(random, "application/x-protobuf", TENANT, false).statusCode()).isEqualTo(400);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "invalid JSON|{\"resourceSpans\":[|malformed OTLP JSON at $.resourceSpans",
        "short trace id|{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc6\"}]}]}]}"
            + "|malformed OTLP JSON at $.resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex characters, got 30"
      })
  void http_malformedJson_400NamingWhere(String name, String json, String message)
      throws Exception {
    HttpResponse<byte[]> r =
        post(json.getBytes(StandardCharsets.UTF_8), "application/json", TENANT, false);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .startsWith("{\"code\":3,\"message\":\"" + message);
  }

  @Test
  void http_zeroIdsAndEndBeforeStart_200PartialSuccessJson() throws Exception {
    String json =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[
          {"traceId":"00000000000000000000000000000000","spanId":"b7ad6b7169203331","startTimeUnixNano":"1","endTimeUnixNano":"2"},
          {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"0000000000000000","startTimeUnixNano":"1","endTimeUnixNano":"2"},
          {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203332","startTimeUnixNano":"5","endTimeUnixNano":"2"},
          {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203333","startTimeUnixNano":"1","endTimeUnixNano":"2"}
        ]}]}]}
        """;
    HttpResponse<byte[]> r =
        post(json.getBytes(StandardCharsets.UTF_8), "application/json", TENANT, true);
    assertThat(r.statusCode()).isEqualTo(200);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(body)
        .startsWith(
            "{\"partialSuccess\":{\"rejectedSpans\":\"3\",\"errorMessage\":\"rejected 3 of 4 spans: ");
    assertThat(body)
        .contains("invalid_trace_id")
        .contains("invalid_span_id")
        .contains("end_before_start");
    assertThat(
            ingester
                .findTraceById(TENANT, TraceId.parseHex("0af7651916cd43dd8448eb211c80319c"))
                .orElseThrow()
                .spanCount())
        .isEqualTo(1);
  }

  @Test
  void http_hugeAttributeValue_truncatedAndCounted() throws Exception {
    ExportTraceServiceRequest.Builder b = request().toBuilder();
    var span = b.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(0);
    span.setTraceId(
        com.google.protobuf.ByteString.copyFrom(
            java.util.HexFormat.of().parseHex("1111111111111111111111111111111f")));
    span.addAttributes(OtlpSpans.attr("huge", "x".repeat(500_000)));
    HttpResponse<byte[]> r = post(b.build().toByteArray(), "application/x-protobuf", TENANT, false);
    assertThat(r.statusCode()).isEqualTo(200);
    Trace t =
        ingester
            .findTraceById(TENANT, TraceId.parseHex("1111111111111111111111111111111f"))
            .orElseThrow();
    var stored = t.resourceSpans().get(0).getScopeSpans(0).getSpans(0);
    assertThat(stored.getAttributesList().getLast().getValue().getStringValue()).hasSize(100);
    assertThat(get("/metrics"))
        .contains(
            "skein_distributor_attributes_truncated_total{application=\"skein\",tenant=\"acme\"}");
  }

  @Test
  void http_wrongContentType_415() throws Exception {
    HttpResponse<byte[]> r =
        post("hello".getBytes(StandardCharsets.UTF_8), "text/plain", TENANT, false);
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .contains("Content-Type text/plain is not supported");
  }

  @Test
  void http_oversizeBodyAndGzipBomb_413() throws Exception {
    assertThat(post(new byte[1_000_001], "application/x-protobuf", TENANT, false).statusCode())
        .isEqualTo(413);
    assertThat(post(new byte[2_000_000], "application/x-protobuf", TENANT, true).statusCode())
        .isEqualTo(413);
  }

  @Test
  void http_missingOrInvalidTenant_401And400() throws Exception {
    byte[] body = request().toByteArray();
    HttpResponse<byte[]> missing = post(body, "application/x-protobuf", null, false);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(com.google.rpc.Status.parseFrom(missing.body()).getMessage())
        .contains("X-Scope-OrgID");
    HttpResponse<byte[]> invalid = post(body, "application/x-protobuf", "../etc", false);
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(com.google.rpc.Status.parseFrom(invalid.body()).getMessage())
        .contains("tenant id '../etc'");
  }

  @Test
  void badInputs_thenGoodRequest_serverStillServes() throws Exception {
    post(new byte[] {1, 2, 3}, "application/x-protobuf", TENANT, false);
    post("{".getBytes(StandardCharsets.UTF_8), "application/json", TENANT, false);
    HttpResponse<byte[]> ok =
        post(request().toByteArray(), "application/x-protobuf", TENANT, false);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ExportTraceServiceResponse.parseFrom(ok.body()).hasPartialSuccess()).isFalse();
    String metrics = get("/metrics");
    assertThat(metrics)
        .contains("skein_distributor_spans_received_total{application=\"skein\",tenant=\"acme\"}")
        .contains("skein_wal_fsync_seconds_count{application=\"skein\",tenant=\"acme\"}")
        .contains("skein_ingester_live_traces{application=\"skein\",tenant=\"acme\"}");
  }

  @Test
  void queryApi_rightAfterAcknowledgement_traceFoundOverHttp() throws Exception {
    ExportTraceServiceRequest request = request();
    assertThat(post(request.toByteArray(), "application/x-protobuf", TENANT, false).statusCode())
        .isEqualTo(200);
    String id =
        SdkSpans.hex(
            request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceId().toByteArray());
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + apiPort + "/api/v2/traces/" + id))
                .header("X-Scope-OrgID", TENANT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"name\":\"raw\"");
    HttpResponse<String> otherTenant =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/traces/" + id))
                .header("X-Scope-OrgID", "someone-else")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(otherTenant.statusCode()).isEqualTo(404);
  }

  @Test
  void flush_afterIngest_204AndTraceFoundInItsBlock() throws Exception {
    ExportTraceServiceRequest request = request();
    stub(TENANT).export(request);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/flush"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
    TraceId id =
        TraceId.fromByteString(
            request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceId());
    // The trace now lives in a block in the object store (and the ingester keeps answering for it
    // until skein.ingester.complete-block-timeout, for queriers that poll the block list).
    assertThat(ingester.flushQueueLength()).isZero();
    assertThat(blocks.blocks(TENANT))
        .anySatisfy(
            meta ->
                assertThat(
                        dev.skein.storage.block.BlockFormats.forVersion(meta.format())
                            .openReader(store, meta)
                            .findTrace(id))
                    .isPresent());
    assertThat(ingester.findTraceById(TENANT, id)).isPresent();
    HttpResponse<String> byId =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + apiPort + "/api/traces/" + id.toHex()))
                .header("X-Scope-OrgID", TENANT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(byId.statusCode()).isEqualTo(200);
    assertThat(byId.body()).contains("\"batches\"");
  }

  static ExportTraceServiceRequest request() {
    return OtlpSpans.request(
        "raw",
        List.of(
            OtlpSpans.span(
                String.format("%032x", new Random().nextLong() & Long.MAX_VALUE | 1),
                "00000000000000a1",
                "raw")));
  }

  TraceServiceGrpc.TraceServiceBlockingStub stub(String tenant) {
    synchronized (OtlpIngestIT.class) {
      if (channel == null) {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
      }
    }
    Metadata headers = new Metadata();
    if (tenant != null) {
      headers.put(OtlpTraceService.ORG_ID, tenant);
    }
    return TraceServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  HttpResponse<byte[]> post(byte[] body, String type, String tenant, boolean gzip)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/v1/traces"))
            .header("Content-Type", type);
    if (tenant != null) {
      b.header("X-Scope-OrgID", tenant);
    }
    if (gzip) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(body);
      }
      body = out.toByteArray();
      b.header("Content-Encoding", "gzip");
    }
    return HTTP.send(
        b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  String get(String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
