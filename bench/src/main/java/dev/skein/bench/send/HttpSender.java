package dev.skein.bench.send;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * OTLP/HTTP sender ({@code POST /v1/traces}) with a protobuf or JSON body, on the JDK's HTTP client
 * over HTTP/1.1 keep-alive connections. Thread-safe.
 */
public final class HttpSender implements Sender {

  private final HttpClient client;
  private final ExecutorService executor;
  private final URI uri;
  private final boolean json;
  private final @Nullable String tenant;
  private final Duration timeout;

  /**
   * @param endpoint base URL, e.g. {@code http://127.0.0.1:4318}
   * @param protocol {@link Protocol#HTTP_PROTO} or {@link Protocol#HTTP_JSON}
   * @param tenant sent as {@code X-Scope-OrgID} when not null
   */
  public HttpSender(String endpoint, Protocol protocol, @Nullable String tenant, Duration timeout) {
    if (protocol == Protocol.GRPC) {
      throw new IllegalArgumentException("HttpSender cannot send " + protocol);
    }
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.uri = URI.create(base + "/v1/traces");
    this.json = protocol == Protocol.HTTP_JSON;
    this.tenant = tenant;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .executor(executor)
            .build();
  }

  @Override
  public CompletableFuture<SendResult> send(byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", json ? "application/json" : "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (tenant != null) {
      b.header("X-Scope-OrgID", tenant);
    }
    try {
      return client
          .sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
          .handle((r, t) -> t != null ? SendResult.retryable("transport: " + t) : classify(r));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(SendResult.failed(e.toString()));
    }
  }

  /** Classifies a response as the OTLP/HTTP specification says a client must. */
  SendResult classify(HttpResponse<byte[]> r) {
    int code = r.statusCode();
    if (code >= 200 && code < 300) {
      long rejected = rejectedSpans(r.body());
      return rejected > 0 ? SendResult.partial(rejected, "HTTP " + code) : SendResult.ACCEPTED;
    }
    String detail = "HTTP " + code + " " + abbreviate(new String(r.body(), StandardCharsets.UTF_8));
    return code == 429 || code == 502 || code == 503 || code == 504
        ? SendResult.retryable(detail, retryAfterNanos(r.headers().firstValue("Retry-After")))
        : SendResult.failed(detail);
  }

  /** {@code Retry-After} in seconds; the HTTP-date form is rare for OTLP and read as absent. */
  static long retryAfterNanos(java.util.Optional<String> header) {
    try {
      return header.map(h -> Math.max(0, Long.parseLong(h.trim())) * 1_000_000_000L).orElse(0L);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private long rejectedSpans(byte[] body) {
    if (body.length == 0) {
      return 0;
    }
    try {
      ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
      if (json) {
        JsonFormat.parser()
            .ignoringUnknownFields()
            .merge(new String(body, StandardCharsets.UTF_8), b);
      } else {
        b.mergeFrom(body);
      }
      return b.getPartialSuccess().getRejectedSpans();
    } catch (InvalidProtocolBufferException e) {
      // A 2xx with an unreadable body still means the spans were accepted.
      return 0;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  @Override
  public void close() {
    client.close();
    executor.close();
  }

  @Override
  public String toString() {
    return "HttpSender{uri=" + uri + ", json=" + json + ", timeout=" + timeout + "}";
  }
}
