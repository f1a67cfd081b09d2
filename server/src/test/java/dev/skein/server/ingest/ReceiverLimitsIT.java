package dev.skein.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.RetryInfo;
import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.distributor.PushResult;
import dev.skein.testkit.OtlpSpans;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receivers without Spring, over a distributor with a tiny rate limit: the refusal reaches the
 * client as a retryable status with its retry hint, and is counted.
 */
class ReceiverLimitsIT {

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final Distributor distributor =
      new Distributor(
          new DistributorConfig(false, 100, 1000, 2048, 1 << 20, 1 << 20),
          (tenant, traces) -> CompletableFuture.completedFuture(PushResult.ACCEPTED),
          meters,
          System::nanoTime);
  final OtlpHttpReceiver http = new OtlpHttpReceiver(distributor, 0);
  final OtlpGrpcReceiver grpc = new OtlpGrpcReceiver(distributor, 0);
  ManagedChannel channel;

  @AfterEach
  void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
    http.close();
    grpc.close();
  }

  static ExportTraceServiceRequest request() {
    return OtlpSpans.request(
        "svc", List.of(OtlpSpans.span(OtlpSpans.hex(1), OtlpSpans.spanHex(1), "x".repeat(300))));
  }

  @Test
  void http_overRateLimit_429WithRetryAfterAndCounted() throws Exception {
    http.start();
    HttpClient client = HttpClient.newHttpClient();
    int last = 0;
    HttpResponse<byte[]> r = null;
    for (int i = 0; i < 5 && last != 429; i++) {
      r =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/v1/traces"))
                  .header("Content-Type", "application/x-protobuf")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(request().toByteArray()))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      last = r.statusCode();
    }
    assertThat(last).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()))
        .isGreaterThanOrEqualTo(1);
    assertThat(com.google.rpc.Status.parseFrom(r.body()).getMessage()).startsWith("RATE_LIMITED:");
    assertThat(
            meters
                .get("skein.distributor.spans.refused")
                .tag("reason", "rate_limited")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void grpc_overRateLimit_resourceExhaustedWithRetryInfo() {
    grpc.start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
    TraceServiceGrpc.TraceServiceBlockingStub stub =
        TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 5; i++) {
                stub.export(request());
              }
            })
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription()).startsWith("RATE_LIMITED:");
              com.google.rpc.Status details = StatusProto.fromThrowable(e);
              assertThat(details.getDetailsList()).hasSize(1);
              assertThat(details.getDetails(0).is(RetryInfo.class)).isTrue();
            });
  }

  @Test
  void http_wrongMethodAndPath_405And404() throws Exception {
    http.start();
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> get =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/v1/traces"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    HttpResponse<String> other =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/api/echo"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(404);
  }
}
