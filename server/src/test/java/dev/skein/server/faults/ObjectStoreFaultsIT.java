package dev.skein.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.api.v1.PartialStatus;
import dev.skein.api.v1.TraceByIDResponse;
import dev.skein.server.ApiClient;
import dev.skein.server.ingest.OtlpGrpcReceiver;
import dev.skein.storage.backend.S3ObjectStore;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import dev.skein.testkit.FaultInjectingProxy;
import dev.skein.testkit.FaultInjectingProxy.Fault;
import dev.skein.testkit.OtlpSpans;
import dev.skein.testkit.S3TestServer;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server (target all: ingest, block completion, queries, compaction) with its blocks in
 * S3Proxy behind {@link FaultInjectingProxy}, which fails a quarter of all S3 requests (500, 503,
 * SlowDown, resets, stalls past the read timeout, truncated bodies) while OTLP/gRPC load runs and
 * head blocks are cut and completed every few seconds, the compactor merges them and queries read
 * them. Then the faults stop: every acknowledged span must be found by id exactly once, and the
 * live (not compacted) blocks in the bucket must hold exactly the acknowledged spans. Queries
 * during the faults may fail with 5xx or answer PARTIAL, never with a wrong trace.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "skein.server.http-listen-port=0",
      "skein.distributor.otlp-grpc-port=0",
      "skein.distributor.otlp-http-port=0",
      "skein.storage.backend=s3",
      "skein.storage.s3.bucket=" + S3TestServer.BUCKET,
      "skein.storage.s3.region=" + S3TestServer.REGION,
      "skein.storage.s3.path-style=true",
      "skein.storage.s3.access-key=" + S3TestServer.ACCESS_KEY,
      "skein.storage.s3.secret-key=" + S3TestServer.SECRET_KEY,
      "skein.storage.s3.prefix=faults",
      "skein.storage.s3.max-retries=2",
      "skein.storage.s3.read-timeout=1s",
      "skein.storage.blocklist-poll=1s",
      "skein.storage.cache.max-bytes=0",
      "skein.ingester.flush-check-period=200ms",
      "skein.ingester.trace-idle-period=1s",
      "skein.ingester.max-block-duration=2s",
      "skein.compactor.cycle-period=1s",
      "skein.querier.query-timeout=10s"
    })
class ObjectStoreFaultsIT {

  static final long SEED = 9;

  /** Pause between export requests of the load (at most ~40 requests, 160 traces a second). */
  static final long PACE_MILLIS = 25;

  static final S3TestServer S3 = S3TestServer.start();
  static final FaultInjectingProxy PROXY =
      FaultInjectingProxy.start(S3.endpoint(), Duration.ofMillis(1500));

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("skein.storage.s3.endpoint", () -> PROXY.endpoint().toString());
    registry.add("skein.data-dir", () -> "target/faults-it-" + System.nanoTime());
  }

  @AfterAll
  static void stop() {
    PROXY.close();
    S3.close();
  }

  @Value("${local.server.port}")
  int apiPort;

  @Autowired OtlpGrpcReceiver grpc;

  /** Trace id hex to the span ids acknowledged for it. */
  final Map<String, Set<String>> acked = new ConcurrentHashMap<>();

  @Test
  void faultsOnFlushCompactionAndQueries_nothingAckedIsLostOrDuplicated_noWrongAnswers()
      throws Exception {
    PROXY.schedule(
        FaultInjectingProxy.Schedule.random(
            SEED, 0.25, EnumSet.complementOf(EnumSet.of(Fault.NONE)), r -> true));
    AtomicBoolean loading = new AtomicBoolean(true);
    QueryOutcomes during = new QueryOutcomes();
    Thread queries = Thread.ofPlatform().start(() -> queryLoop(loading, during));
    Map<String, Long> refusals = new TreeMap<>();
    long ackedSpans = load(Duration.ofSeconds(20), refusals);
    // a few more seconds of faults on completion, compaction and queries without new load
    Thread.sleep(5000);
    loading.set(false);
    queries.join();
    Map<Fault, Long> injected = PROXY.counts();
    PROXY.schedule(FaultInjectingProxy.Schedule.NONE);

    assertThat(post("/flush")).isEqualTo(204);
    QueryOutcomes after = new QueryOutcomes();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long liveSpans;
    do {
      Thread.sleep(1000);
      liveSpans = spansInLiveBlocks();
    } while (liveSpans != ackedSpans && System.nanoTime() < deadline);
    for (String id : acked.keySet()) {
      after.record(fetch(id));
    }

    String report =
        String.format(
            "acked spans %d in %d traces; refusals %s; faults injected %s; queries during"
                + " faults %s; after %s; spans in live blocks %d",
            ackedSpans, acked.size(), refusals, injected, during, after, liveSpans);
    System.out.println("ObjectStoreFaultsIT: " + report);
    assertThat(injected.entrySet())
        .as("every kind of fault was injected: " + report)
        .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey().toString()).isPositive());
    assertThat(during.wrong.get()).as("wrong answers during faults: " + report).isZero();
    assertThat(ackedSpans).as(report).isPositive();
    assertThat(after.exact.get()).as(report).isEqualTo(acked.size());
    assertThat(liveSpans).as("spans in the bucket's live blocks: " + report).isEqualTo(ackedSpans);
  }

  /** Sends traces of 5 spans, 4 traces a request, for {@code duration}; returns spans acked. */
  long load(Duration duration, Map<String, Long> refusals) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
    long ackedSpans = 0;
    int trace = 0;
    long now = System.currentTimeMillis() * 1_000_000L;
    long end = System.nanoTime() + duration.toNanos();
    try {
      var stub = TraceServiceGrpc.newBlockingStub(channel);
      while (System.nanoTime() < end) {
        List<Span> spans = new ArrayList<>();
        Map<String, Set<String>> sent = new TreeMap<>();
        for (int t = 0; t < 4; t++, trace++) {
          String id = OtlpSpans.hex(trace);
          for (int s = 0; s < 5; s++) {
            String spanId = OtlpSpans.spanHex(trace * 8 + s);
            spans.add(
                OtlpSpans.span(id, spanId, "op-" + s).toBuilder()
                    .setStartTimeUnixNano(now + trace)
                    .setEndTimeUnixNano(now + trace + 1_000_000)
                    .build());
            sent.computeIfAbsent(id, k -> new HashSet<>()).add(spanId);
          }
        }
        try {
          ExportTraceServiceResponse r =
              stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                  .export(OtlpSpans.request("faults-it", spans));
          if (r.getPartialSuccess().getRejectedSpans() == 0) {
            sent.forEach((k, v) -> acked.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
            ackedSpans += spans.size();
          } else {
            refusals.merge("partial", 1L, Long::sum);
          }
        } catch (StatusRuntimeException e) {
          refusals.merge(e.getStatus().getCode().name(), 1L, Long::sum);
        }
        // paced, not flat out: the point is load spread over the fault window, and every acked
        // trace is read back afterwards (unpaced, an idle machine acked ~20k traces and the
        // read-back alone took minutes)
        Thread.sleep(PACE_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      channel.shutdownNow();
    }
    return ackedSpans;
  }

  void queryLoop(AtomicBoolean loading, QueryOutcomes outcomes) {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; loading.get(); i++) {
      List<String> ids = new ArrayList<>(acked.keySet());
      if (!ids.isEmpty()) {
        outcomes.record(fetch(ids.get(random.nextInt(ids.size()))));
      }
      if (i % 10 == 0) {
        HttpResponse<String> search =
            new ApiClient(apiPort).getText("/api/search?q=%7B%20%7D&limit=5");
        outcomes.searches.merge(search.statusCode(), 1L, Long::sum);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One trace-by-id answer, classified against what was acknowledged. */
  Outcome fetch(String id) {
    HttpResponse<byte[]> r =
        new ApiClient(apiPort).get("/api/v2/traces/" + id, "Accept", "application/protobuf");
    if (r.statusCode() >= 500) {
      return Outcome.SERVER_ERROR;
    }
    if (r.statusCode() != 200) {
      return Outcome.WRONG;
    }
    TraceByIDResponse body;
    try {
      body = TraceByIDResponse.parseFrom(r.body());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return Outcome.WRONG;
    }
    Set<String> found = new HashSet<>();
    int count = 0;
    Trace trace = new Trace(TraceId.parseHex(id), body.getTrace().getResourceSpansList());
    for (var rs : trace.resourceSpans()) {
      for (var ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          found.add(java.util.HexFormat.of().formatHex(s.getSpanId().toByteArray()));
          count++;
        }
      }
    }
    Set<String> expected = acked.get(id);
    boolean exact = found.equals(expected) && count == expected.size();
    if (exact) {
      return Outcome.EXACT;
    }
    boolean subset = expected.containsAll(found) && count == found.size();
    return body.getStatus() == PartialStatus.PARTIAL && subset ? Outcome.PARTIAL : Outcome.WRONG;
  }

  long spansInLiveBlocks() {
    try (S3ObjectStore direct = new S3ObjectStore(S3.config("faults").build())) {
      long spans = 0;
      List<String> keys = direct.list("single-tenant/");
      Set<String> compacted = new HashSet<>();
      for (String k : keys) {
        if (k.endsWith("/meta.compacted.json")) {
          compacted.add(k.substring(0, k.lastIndexOf('/')));
        }
      }
      for (String k : keys) {
        if (k.endsWith("/" + BlockMeta.META_JSON)
            && !compacted.contains(k.substring(0, k.lastIndexOf('/')))) {
          spans += BlockMetaJson.read(k, direct.get(k)).totalSpans();
        }
      }
      return spans;
    }
  }

  int post(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  enum Outcome {
    EXACT,
    PARTIAL,
    SERVER_ERROR,
    WRONG
  }

  static final class QueryOutcomes {
    final AtomicLong exact = new AtomicLong();
    final AtomicLong partial = new AtomicLong();
    final AtomicLong serverError = new AtomicLong();
    final AtomicLong wrong = new AtomicLong();
    final Map<Integer, Long> searches = new ConcurrentHashMap<>();

    void record(Outcome o) {
      switch (o) {
        case EXACT -> exact.incrementAndGet();
        case PARTIAL -> partial.incrementAndGet();
        case SERVER_ERROR -> serverError.incrementAndGet();
        case WRONG -> wrong.incrementAndGet();
      }
    }

    @Override
    public String toString() {
      return "{trace by id exact="
          + exact
          + ", partial="
          + partial
          + ", 5xx="
          + serverError
          + ", wrong="
          + wrong
          + (searches.isEmpty() ? "" : ", search statuses=" + searches)
          + "}";
    }
  }
}
