package dev.skein.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.skein.server.ApiClient;
import dev.skein.server.ingest.OtlpGrpcReceiver;
import dev.skein.server.ingest.OtlpHttpReceiver;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The tenant isolation matrix (DESIGN.md §7): two tenants ingest through the real OpenTelemetry
 * SDK, part of each tenant's data is flushed to blocks and part stays live in the ingester, and
 * then every query endpoint is asked by the other tenant. Tenant B must not see tenant A's trace,
 * spans, tag names or tag values through any of them; the federated id {@code a|b} sees both.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "skein.server.http-listen-port=0",
      "skein.distributor.otlp-grpc-port=0",
      "skein.distributor.otlp-http-port=0",
      "skein.multitenancy-enabled=true"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT {

  static final String A = "tenant-a";
  static final String B = "tenant-b";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Metadata.Key<String> ORG_ID =
      Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER);

  // not @TempDir: with a per-class lifecycle Spring binds the property before JUnit injects it
  static final Path dataDir = tempDir();

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("skein.data-dir", () -> dataDir.toString());
  }

  @Value("${local.server.port}")
  int apiPort;

  @Autowired OtlpHttpReceiver httpReceiver;
  @Autowired OtlpGrpcReceiver grpcReceiver;

  /** Per tenant: [0] a trace flushed into a block, [1] a trace still live in the ingester. */
  String[] aTraces;

  String[] bTraces;

  @BeforeAll
  void ingest() throws Exception {
    String aBlock = export(A);
    String bBlock = export(B);
    HttpResponse<String> flush =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/flush"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(flush.statusCode()).isEqualTo(204);
    aTraces = new String[] {aBlock, export(A)};
    bTraces = new String[] {bBlock, export(B)};
  }

  @Test
  void ownTenant_seesItsTracesInBlocksAndLive() {
    for (String id : aTraces) {
      assertThat(status("/api/traces/" + id, A)).isEqualTo(200);
      assertThat(body("/api/v2/traces/" + id, A)).contains("svc-" + A);
    }
    assertThat(body(search("{ resource.service.name = \"svc-" + A + "\" }"), A))
        .contains(aTraces[0])
        .contains(aTraces[1]);
  }

  @Test
  void traceById_otherTenant_notFoundInBlocksOrLive() {
    for (String id : aTraces) {
      assertThat(status("/api/traces/" + id, B)).as("v1 " + id).isEqualTo(404);
      HttpResponse<String> v2 = get("/api/v2/traces/" + id, B);
      assertThat(v2.body()).doesNotContain("svc-" + A).doesNotContain(A + ".secret");
      assertThat(v2.statusCode()).as("v2 " + id).isIn(200, 404);
      HttpResponse<String> analysis = get("/api/v2/traces/" + id + "/analysis", B);
      assertThat(analysis.statusCode()).as("analysis " + id).isEqualTo(404);
      assertThat(analysis.body()).doesNotContain("svc-" + A);
    }
  }

  @Test
  void search_otherTenant_findsNothingOfA() {
    for (String q :
        List.of(
            "{ resource.service.name = \"svc-" + A + "\" }",
            "{ span." + A + ".secret = \"" + A + "-value\" }",
            "{ }",
            "{ true }")) {
      String body = body(search(q), B);
      assertThat(body).as(q).doesNotContain(aTraces[0]).doesNotContain(aTraces[1]);
      assertThat(body).as(q).doesNotContain("svc-" + A);
    }
    String tagSearch =
        body(
            "/api/search?tags="
                + URLEncoder.encode("service.name=svc-" + A, StandardCharsets.UTF_8)
                + range(),
            B);
    assertThat(tagSearch).doesNotContain(aTraces[0]).doesNotContain(aTraces[1]);
  }

  @Test
  void tags_otherTenant_listsNoneOfA() {
    // tag names and values come from block indexes, so ask over a time range (recent-only is {})
    String range = "start=" + start() + "&end=" + end();
    for (String path :
        List.of("/api/search/tags?" + range, "/api/v2/search/tags?scope=span&" + range)) {
      String body = body(path, B);
      assertThat(body).as(path).doesNotContain(A + ".secret").contains(B + ".secret");
    }
    for (String path :
        List.of(
            "/api/search/tag/service.name/values?" + range,
            "/api/v2/search/tag/resource.service.name/values?" + range)) {
      String body = body(path, B);
      assertThat(body).as(path).doesNotContain("svc-" + A).contains("svc-" + B);
    }
    for (String path :
        List.of(
            "/api/search/tags",
            "/api/v2/search/tags",
            "/api/search/tag/" + A + ".secret/values?" + range,
            "/api/v2/search/tag/span." + A + ".secret/values?" + range)) {
      assertThat(body(path, B)).as(path).doesNotContain(A + ".secret").doesNotContain(A + "-value");
    }
  }

  @Test
  void federatedTenant_seesBoth() {
    String both = A + "|" + B;
    for (String id : List.of(aTraces[0], aTraces[1], bTraces[0], bTraces[1])) {
      assertThat(status("/api/traces/" + id, both)).as(id).isEqualTo(200);
    }
    assertThat(body(search("{ }"), both)).contains(aTraces[0]).contains(bTraces[1]);
    assertThat(
            body(
                "/api/v2/search/tag/resource.service.name/values?start="
                    + start()
                    + "&end="
                    + end(),
                both))
        .contains("svc-" + A)
        .contains("svc-" + B);
    // a federated id is a read-side union; it never widens what B alone sees
    assertThat(status("/api/traces/" + aTraces[0], B + "|" + B)).isEqualTo(404);
  }

  static List<Named<String>> endpoints() {
    return List.of(
        Named.of("trace v1", "/api/traces/0123456789abcdef0123456789abcdef"),
        Named.of("trace v2", "/api/v2/traces/0123456789abcdef0123456789abcdef"),
        Named.of("analysis", "/api/v2/traces/0123456789abcdef0123456789abcdef/analysis"),
        Named.of("search", "/api/search?q=%7B%7D"),
        Named.of("tags v1", "/api/search/tags"),
        Named.of("tags v2", "/api/v2/search/tags"),
        Named.of("values v1", "/api/search/tag/service.name/values"),
        Named.of("values v2", "/api/v2/search/tag/resource.service.name/values"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void everyEndpoint_hostileTenantIds_rejectedBeforeStorage(String path) {
    for (String tenant : HostileIds.TENANTS) {
      HttpResponse<String> r = get(path, tenant);
      assertThat(r.statusCode())
          .as("%s with tenant '%s': %s", path, tenant, r.body())
          .isEqualTo(400);
    }
    assertThat(get(path, null).statusCode()).as(path + " without tenant").isEqualTo(401);
    assertThat(get(path, "  ").statusCode()).as(path + " with a blank tenant").isEqualTo(401);
    HostileIds.assertNothingOutside(dataDir);
  }

  @Test
  void ingest_hostileTenantIds_refusedOverGrpcAndHttp() throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", grpcReceiver.port()).usePlaintext().build();
    try {
      for (String tenant : HostileIds.TENANTS) {
        Metadata headers = new Metadata();
        headers.put(ORG_ID, tenant);
        var stub =
            TraceServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> stub.export(oneSpan()))
            .as("gRPC tenant '%s'", tenant)
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        HttpResponse<String> http =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpReceiver.port() + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .header("X-Scope-OrgID", tenant)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(oneSpan().toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(http.statusCode())
            .as("HTTP tenant '%s': %s", tenant, http.body())
            .isEqualTo(400);
      }
    } finally {
      channel.shutdownNow();
    }
    HostileIds.assertNothingOutside(dataDir);
  }

  @Test
  void traceById_pathCharactersInId_refused() throws Exception {
    for (String id : HostileIds.TRACE_IDS) {
      for (String path :
          List.of(
              "/api/traces/" + id, "/api/v2/traces/" + id, "/api/v2/traces/" + id + "/analysis")) {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                    .header("X-Scope-OrgID", A)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isIn(400, 404);
        assertThat(r.body()).as(path).doesNotContain("svc-" + A);
      }
    }
    HostileIds.assertNothingOutside(dataDir);
  }

  static ExportTraceServiceRequest oneSpan() {
    HexFormat hex = HexFormat.of();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .addSpans(
                            io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                .setTraceId(
                                    ByteString.copyFrom(
                                        hex.parseHex("0123456789abcdef0123456789abcdef")))
                                .setSpanId(ByteString.copyFrom(hex.parseHex("00000000000000a1")))
                                .setName("hostile"))))
        .build();
  }

  static Path tempDir() {
    try {
      // a parent of our own, so that a traversal one level up is seen (HostileIds); under target/
      // so that `mvn clean` removes it
      return Files.createDirectory(
          Files.createTempDirectory(Files.createDirectories(Path.of("target")), "isolation-it")
              .resolve("data"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String search(String traceql) {
    return "/api/search?q=" + URLEncoder.encode(traceql, StandardCharsets.UTF_8) + range();
  }

  static String range() {
    return "&start=" + start() + "&end=" + end() + "&limit=100";
  }

  static long start() {
    return Instant.now().getEpochSecond() - 3600;
  }

  static long end() {
    return Instant.now().getEpochSecond() + 60;
  }

  int status(String path, String tenant) {
    return get(path, tenant).statusCode();
  }

  String body(String path, String tenant) {
    HttpResponse<String> r = get(path, tenant);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  HttpResponse<String> get(String path, String tenant) {
    return new ApiClient(apiPort).getText(path, "X-Scope-OrgID", tenant);
  }

  /** Exports a two-span trace for {@code tenant} through the SDK; returns its id once acked. */
  String export(String tenant) {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + httpReceiver.port() + "/v1/traces")
            .addHeader("X-Scope-OrgID", tenant)
            .build();
    String traceId;
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(
                    Attributes.of(AttributeKey.stringKey("service.name"), "svc-" + tenant)))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()) {
      Span root =
          provider.get("isolation-it").spanBuilder("root").setSpanKind(SpanKind.SERVER).startSpan();
      Span child =
          provider
              .get("isolation-it")
              .spanBuilder("child")
              .setParent(io.opentelemetry.context.Context.current().with(root))
              .setAttribute(tenant + ".secret", tenant + "-value")
              .startSpan();
      child.end();
      root.end();
      traceId = root.getSpanContext().getTraceId();
      assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess())
          .as("export acknowledged")
          .isTrue();
    }
    return traceId;
  }
}
