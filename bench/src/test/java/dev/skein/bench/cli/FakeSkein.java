package dev.skein.bench.cli;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skein.api.v1.Trace;
import dev.skein.api.v1.TraceByIDResponse;
import dev.skein.trace.TraceId;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Skein server on loopback: OTLP/gRPC and OTLP/HTTP in, trace by id and an empty
 * search out, spans kept in memory. Every 7th export answers UNAVAILABLE (gRPC) or 503 (HTTP), and
 * it can be told to lose one span, so the tool's retry and verification paths are exercised.
 */
final class FakeSkein implements AutoCloseable {
  private static final Pattern ID =
      Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([0-9a-f]*)\"");

  private final Map<TraceId, List<ResourceSpans>> traces = new HashMap<>();
  private final AtomicInteger grpcCalls = new AtomicInteger();
  private final AtomicInteger httpCalls = new AtomicInteger();
  private final AtomicBoolean loseOneSpan;
  private final AtomicBoolean duplicateOnCompaction = new AtomicBoolean();
  private final AtomicInteger compactions = new AtomicInteger();
  private final Server grpc;
  private final HttpServer http;

  FakeSkein(boolean loseOneSpan) throws IOException {
    this.loseOneSpan = new AtomicBoolean(loseOneSpan);
    grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new TraceServiceGrpc.TraceServiceImplBase() {
                  @Override
                  public void export(
                      ExportTraceServiceRequest request,
                      StreamObserver<ExportTraceServiceResponse> response) {
                    if (grpcCalls.incrementAndGet() % 7 == 0) {
                      response.onError(Status.UNAVAILABLE.asRuntimeException());
                      return;
                    }
                    store(request);
                    response.onNext(ExportTraceServiceResponse.getDefaultInstance());
                    response.onCompleted();
                  }
                })
            .build()
            .start();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/ready", x -> reply(x, 200, "ready".getBytes(StandardCharsets.UTF_8)));
    http.createContext("/flush", x -> reply(x, 204, new byte[0]));
    http.createContext("/compactor/run", this::compact);
    http.createContext(
        "/api/search", x -> reply(x, 200, "{\"traces\":[]}".getBytes(StandardCharsets.UTF_8)));
    http.createContext("/api/v2/traces/", this::traceById);
    http.createContext("/v1/traces", this::ingest);
    http.start();
  }

  /** The next compaction stores the first span of one trace twice (a merge bug). */
  FakeSkein duplicateOnCompaction() {
    duplicateOnCompaction.set(true);
    return this;
  }

  int compactions() {
    return compactions.get();
  }

  /** "Merges" everything into one block; may duplicate a span when told to. */
  private void compact(HttpExchange x) throws IOException {
    compactions.incrementAndGet();
    long spans;
    synchronized (this) {
      spans = traces.values().stream().mapToLong(List::size).sum();
      if (duplicateOnCompaction.getAndSet(false) && !traces.isEmpty()) {
        List<ResourceSpans> first = traces.values().iterator().next();
        first.add(first.get(0));
      }
    }
    String body =
        "{\"tenants\":1,\"jobs\":1,\"blocksIn\":2,\"blocksOut\":1,\"spansIn\":"
            + spans
            + ",\"spansOut\":"
            + spans
            + ",\"duplicateSpans\":0,\"failedTenants\":0,\"durationMillis\":5}";
    reply(x, 200, body.getBytes(StandardCharsets.UTF_8));
  }

  int grpcPort() {
    return grpc.getPort();
  }

  int httpPort() {
    return http.getAddress().getPort();
  }

  private synchronized void store(ExportTraceServiceRequest request) {
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          if (loseOneSpan.getAndSet(false)) {
            continue;
          }
          traces
              .computeIfAbsent(TraceId.fromByteString(s.getTraceId()), k -> new ArrayList<>())
              .add(
                  ResourceSpans.newBuilder()
                      .setResource(rs.getResource())
                      .addScopeSpans(ScopeSpans.newBuilder().setScope(ss.getScope()).addSpans(s))
                      .build());
        }
      }
    }
  }

  private void ingest(HttpExchange x) throws IOException {
    byte[] body = x.getRequestBody().readAllBytes();
    if (httpCalls.incrementAndGet() % 7 == 0) {
      reply(x, 503, "overloaded".getBytes(StandardCharsets.UTF_8));
      return;
    }
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    if (x.getRequestHeaders().getFirst("Content-Type").startsWith("application/json")) {
      Matcher m = ID.matcher(new String(body, StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String b64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(m.group(2)));
        m.appendReplacement(sb, "\"" + m.group(1) + "\":\"" + b64 + "\"");
      }
      m.appendTail(sb);
      JsonFormat.parser().merge(sb.toString(), b);
    } else {
      b.mergeFrom(body);
    }
    store(b.build());
    reply(x, 200, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  private void traceById(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    TraceId id = TraceId.parseHex(path.substring(path.lastIndexOf('/') + 1));
    List<ResourceSpans> spans;
    synchronized (this) {
      spans = traces.get(id);
    }
    if (spans == null) {
      reply(x, 404, new byte[0]);
      return;
    }
    reply(
        x,
        200,
        TraceByIDResponse.newBuilder()
            .setTrace(Trace.newBuilder().addAllResourceSpans(spans))
            .build()
            .toByteArray());
  }

  private static void reply(HttpExchange x, int status, byte[] body) throws IOException {
    x.getRequestBody().readAllBytes();
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      x.getResponseBody().write(body);
    }
    x.close();
  }

  @Override
  public void close() {
    grpc.shutdownNow();
    http.stop(0);
  }
}
