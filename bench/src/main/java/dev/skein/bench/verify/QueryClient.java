package dev.skein.bench.verify;

import dev.skein.api.v1.TraceByIDResponse;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A client of the Tempo-compatible query API: trace by id (binary protobuf), search, flush,
 * compaction and readiness. Never throws from the async calls: failures come back as results.
 * Thread-safe.
 */
public final class QueryClient implements AutoCloseable {

  /**
   * One answer.
   *
   * @param status HTTP status, or 0 when the request failed before an answer
   * @param body the response body (empty on failure)
   * @param latencyNanos from send to the whole body read
   * @param error what went wrong in transport, or empty
   */
  public record Answer(int status, byte[] body, long latencyNanos, String error) {
    public boolean ok() {
      return status == 200;
    }
  }

  /** How long {@link #compact()} waits: a little more than the server's own 10 minutes. */
  public static final Duration COMPACTION_TIMEOUT = Duration.ofMinutes(11);

  private final HttpClient client;
  private final ExecutorService executor;
  private final String base;
  private final @Nullable String tenant;
  private final Duration timeout;

  /**
   * @param base e.g. {@code http://127.0.0.1:3200}
   * @param tenant sent as {@code X-Scope-OrgID} when not null
   */
  public QueryClient(String base, @Nullable String tenant, Duration timeout) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
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

  /** {@code GET /api/v2/traces/{id}} asking for protobuf. */
  public CompletableFuture<Answer> traceById(TraceId id) {
    return get("/api/v2/traces/" + id.toHex(), "application/protobuf");
  }

  /** {@code GET /api/search?{query}}; {@code query} must already be URL-encoded. */
  public CompletableFuture<Answer> search(String query) {
    return get("/api/search?" + query, "application/json");
  }

  /** {@code GET /ready}. */
  public CompletableFuture<Answer> ready() {
    return get("/ready", "*/*");
  }

  /**
   * {@code POST /flush}: cuts the live traces into blocks, waited for up to {@link
   * #COMPACTION_TIMEOUT} (the server answers once every block is built and uploaded, minutes on a
   * loaded machine).
   */
  public CompletableFuture<Answer> flush() {
    return send(
        request("/flush", "*/*")
            .timeout(COMPACTION_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /**
   * {@code POST /compactor/run}: one compaction cycle now, waited for (up to {@link
   * #COMPACTION_TIMEOUT}, a cycle can take minutes).
   */
  public CompletableFuture<Answer> compact() {
    return send(
        request("/compactor/run", "application/json")
            .timeout(COMPACTION_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /**
   * The span ids of a {@code TraceByIDResponse} body, in the order the server returned them
   * (duplicates kept).
   *
   * @throws IllegalArgumentException when the body is not a TraceByIDResponse
   */
  public static long[] spanIds(byte[] body) {
    TraceByIDResponse r;
    try {
      r = TraceByIDResponse.parseFrom(body);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "response is not a TraceByIDResponse: " + e.getMessage(), e);
    }
    int n = 0;
    for (ResourceSpans rs : r.getTrace().getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    long[] ids = new long[n];
    int i = 0;
    for (ResourceSpans rs : r.getTrace().getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          ids[i++] = s.getSpanId().size() == 8 ? s.getSpanId().asReadOnlyByteBuffer().getLong() : 0;
        }
      }
    }
    return ids;
  }

  private CompletableFuture<Answer> get(String path, String accept) {
    return send(request(path, accept).GET().build());
  }

  private HttpRequest.Builder request(String path, String accept) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", accept);
    if (tenant != null) {
      b.header("X-Scope-OrgID", tenant);
    }
    return b;
  }

  private CompletableFuture<Answer> send(HttpRequest request) {
    long t0 = System.nanoTime();
    try {
      return client
          .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
          .handle(
              (r, t) ->
                  t != null
                      ? new Answer(0, new byte[0], System.nanoTime() - t0, t.toString())
                      : new Answer(r.statusCode(), r.body(), System.nanoTime() - t0, ""));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new Answer(0, new byte[0], 0, e.toString()));
    }
  }

  @Override
  public void close() {
    client.close();
    executor.close();
  }

  @Override
  public String toString() {
    return "QueryClient{base=" + base + ", timeout=" + timeout + "}";
  }
}
