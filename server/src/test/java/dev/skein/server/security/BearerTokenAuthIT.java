package dev.skein.server.security;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bearer-token auth per tenant ({@code skein.auth}) across every tenant-scoped endpoint: the query
 * API, POST /flush, OTLP/HTTP and OTLP/gRPC. tenant-a's token is configured as plain text,
 * tenant-b's as its SHA-256 digest; neither may appear in /api/status/config.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "skein.server.http-listen-port=0",
      "skein.distributor.otlp-grpc-port=0",
      "skein.distributor.otlp-http-port=0",
      "skein.multitenancy-enabled=true",
      "skein.auth.enabled=true",
      "skein.auth.tenant-tokens.tenant-a=" + BearerTokenAuthIT.TOKEN_A
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BearerTokenAuthIT {

  static final String A = "tenant-a";
  static final String B = "tenant-b";
  static final String TOKEN_A = "token-a-secret-value";
  static final String TOKEN_B = "token-b-secret-value";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Metadata.Key<String> ORG_ID =
      Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  static final Path dataDir = TenantIsolationIT.tempDir();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("skein.data-dir", () -> dataDir.toString());
    // tenant-b's token is configured as its digest, the recommended form
    registry.add("skein.auth.tenant-tokens.tenant-b", () -> TenantTokens.digestOf(TOKEN_B));
  }

  @Value("${local.server.port}")
  int apiPort;

  @Autowired OtlpHttpReceiver httpReceiver;
  @Autowired OtlpGrpcReceiver grpcReceiver;

  @Test
  void otlpHttpAndGrpc_withTheTenantsToken_areStoredAndReadableWithIt() {
    String viaHttp = export(httpExporter(A, TOKEN_A));
    String viaGrpc = export(grpcExporter(B, TOKEN_B));

    assertThat(get("/api/traces/" + viaHttp, A, TOKEN_A).statusCode()).isEqualTo(200);
    assertThat(get("/api/traces/" + viaGrpc, B, TOKEN_B).statusCode()).isEqualTo(200);
    // the other tenant's valid token does not open the door
    assertThat(get("/api/traces/" + viaHttp, A, TOKEN_B).statusCode()).isEqualTo(403);
  }

  @Test
  void otlpHttp_withoutOrWithWrongToken_isRefusedAndNothingIsStored() throws Exception {
    String traceId = "00000000000000000000000000dead01";
    ExportTraceServiceRequest one = TenantIsolationIT.oneSpan();
    byte[] body =
        one.toBuilder()
            .setResourceSpans(
                0,
                one.getResourceSpans(0).toBuilder()
                    .setScopeSpans(
                        0,
                        one.getResourceSpans(0).getScopeSpans(0).toBuilder()
                            .setSpans(
                                0,
                                one.getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder()
                                    .setTraceId(
                                        ByteString.copyFrom(HexFormat.of().parseHex(traceId))))))
            .build()
            .toByteArray();
    assertThat(postOtlp(body, A, null).statusCode()).isEqualTo(401);
    assertThat(postOtlp(body, A, "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(postOtlp(body, A, "Basic " + TOKEN_A).statusCode()).isEqualTo(401);
    HttpResponse<String> forbidden = postOtlp(body, A, "Bearer " + TOKEN_B);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body())
        .contains("not valid for tenant 'tenant-a'")
        .doesNotContain(TOKEN_B);

    assertThat(get("/api/traces/" + traceId, A, TOKEN_A).statusCode()).isEqualTo(404);
  }

  @Test
  void otlpGrpc_withoutOrWithWrongToken_isUnauthenticatedOrPermissionDenied() {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", grpcReceiver.port()).usePlaintext().build();
    try {
      assertThat(grpcCode(channel, A, null)).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(grpcCode(channel, A, "Bearer nope")).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(grpcCode(channel, A, "Bearer " + TOKEN_B))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(grpcCode(channel, "../x", "Bearer " + TOKEN_A))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(grpcCode(channel, A, "Bearer " + TOKEN_A)).isEqualTo(Status.Code.OK);
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void everyQueryEndpoint_needsTheTenantsToken() {
    String id = "00000000000000000000000000000abc";
    List<String> paths =
        List.of(
            "/api/traces/" + id,
            "/api/v2/traces/" + id,
            "/api/v2/traces/" + id + "/analysis",
            "/api/search?q=%7B%20%7D",
            "/api/search/tags",
            "/api/v2/search/tags",
            "/api/search/tag/service.name/values",
            "/api/v2/search/tag/resource.service.name/values");
    List<String> wrong = new ArrayList<>();
    for (String path : paths) {
      expect(wrong, path, A, null, 401);
      expect(wrong, path, A, "Bearer not-a-token", 401);
      expect(wrong, path, A, TOKEN_B, 403);
      expect(wrong, path, A + "|" + B, TOKEN_A, 403);
      int ok = get(path, A, TOKEN_A).statusCode();
      if (ok == 401 || ok == 403) {
        wrong.add(path + " with A's token: " + ok);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void healthAndStatusEndpoints_needNoToken_andConfigShowsNoToken() {
    ApiClient api = new ApiClient(apiPort);
    assertThat(api.getText("/ready").statusCode()).isEqualTo(200);
    assertThat(api.getText("/api/echo").statusCode()).isEqualTo(200);
    HttpResponse<String> config = api.getText("/api/status/config");
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.body())
        .contains("multitenancyEnabled")
        .doesNotContain(TOKEN_A)
        .doesNotContain(TenantTokens.digestOf(TOKEN_B).substring(7));
  }

  @Test
  void flush_needsAValidTokenOfAnyTenant() throws Exception {
    assertThat(postFlush(null).statusCode()).isEqualTo(401);
    assertThat(postFlush("Bearer nope").statusCode()).isEqualTo(401);
    assertThat(postFlush("Bearer " + TOKEN_B).statusCode()).isEqualTo(204);
  }

  private void expect(
      List<String> wrong, String path, String tenant, @Nullable String token, int status) {
    HttpResponse<String> r = get(path, tenant, token);
    if (r.statusCode() != status) {
      wrong.add(path + " tenant " + tenant + ": expected " + status + ", got " + r.statusCode());
    }
    if (token != null && r.body().contains(token)) {
      wrong.add(path + ": the response echoes the token");
    }
  }

  private HttpResponse<String> get(String path, String tenant, @Nullable String token) {
    String auth = token == null ? null : token.startsWith("Bearer ") ? token : "Bearer " + token;
    return new ApiClient(apiPort).getText(path, "X-Scope-OrgID", tenant, "Authorization", auth);
  }

  private HttpResponse<String> postOtlp(byte[] body, String tenant, @Nullable String auth)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpReceiver.port() + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .header("X-Scope-OrgID", tenant)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postFlush(@Nullable String auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/flush"))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Status.Code grpcCode(
      ManagedChannel channel, String tenant, @Nullable String auth) {
    Metadata headers = new Metadata();
    headers.put(ORG_ID, tenant);
    if (auth != null) {
      headers.put(AUTHORIZATION, auth);
    }
    var stub =
        TraceServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .withDeadlineAfter(10, TimeUnit.SECONDS);
    try {
      stub.export(TenantIsolationIT.oneSpan());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private SpanExporter httpExporter(String tenant, String token) {
    return OtlpHttpSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + httpReceiver.port() + "/v1/traces")
        .addHeader("X-Scope-OrgID", tenant)
        .addHeader("Authorization", "Bearer " + token)
        .build();
  }

  private SpanExporter grpcExporter(String tenant, String token) {
    return OtlpGrpcSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + grpcReceiver.port())
        .addHeader("X-Scope-OrgID", tenant)
        .addHeader("Authorization", "Bearer " + token)
        .build();
  }

  /** Exports one span through the real SDK; returns its trace id once acknowledged. */
  private static String export(SpanExporter exporter) {
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()) {
      Span span = provider.get("auth-it").spanBuilder("op").startSpan();
      span.end();
      assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess())
          .as("export acknowledged")
          .isTrue();
      return span.getSpanContext().getTraceId();
    }
  }
}
