package dev.skein.bench;

import com.google.protobuf.ByteString;
import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.live.Ingester;
import dev.skein.ingester.live.IngesterConfig;
import dev.skein.ingester.wal.WalConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained ingest through the distributor and the ingester (validation, split by trace, WAL with
 * group commit and fsync, live traces, idle cut), without the network: {@code clients} virtual
 * threads each send requests of {@code spansPerRequest} spans and wait for the acknowledgement.
 * Prints spans/s and acknowledgement latency percentiles.
 *
 * <p>Usage: {@code IngestBench [seconds=20] [clients=64] [spansPerRequest=100] [dir=tmp]}.
 */
public final class IngestBench {

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int spansPerRequest = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("skein-bench");
    IngesterConfig config =
        new IngesterConfig(
            WalConfig.defaults(dir.resolve("wal")),
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            Duration.ofMillis(500),
            IngesterConfig.DEFAULT_MAX_BLOCK_BYTES,
            IngesterConfig.DEFAULT_MAX_BLOCK_DURATION,
            IngesterConfig.DEFAULT_MAX_BYTES_PER_TRACE,
            IngesterConfig.DEFAULT_MAX_LIVE_TRACE_BYTES,
            0,
            false);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Ingester ingester = new Ingester(config, meters, System::nanoTime, null);
    ingester.start();
    Distributor distributor =
        new Distributor(
            new DistributorConfig(
                false,
                0,
                DistributorConfig.DEFAULT_BURST_BYTES,
                2048,
                16 << 20,
                DistributorConfig.DEFAULT_MAX_INFLIGHT_BYTES),
            ingester,
            meters,
            System::nanoTime);

    AtomicLong spans = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    long warmupEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
    List<long[]> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long[] measuredStart = new long[1];
    for (int c = 0; c < clients; c++) {
      long[] lat = new long[200_000];
      latencies.add(lat);
      int[] n = new int[1];
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (true) {
                      long now = System.nanoTime();
                      if (now > end) {
                        break;
                      }
                      ExportTraceServiceRequest r = request(spansPerRequest);
                      long t0 = System.nanoTime();
                      try {
                        distributor.export("bench", r, r.getSerializedSize()).get();
                      } catch (Exception e) {
                        refused.incrementAndGet();
                        continue;
                      }
                      long t1 = System.nanoTime();
                      if (t0 > warmupEnd) {
                        spans.addAndGet(spansPerRequest);
                        if (n[0] < lat.length) {
                          lat[n[0]++] = t1 - t0;
                        }
                      }
                    }
                    lat[lat.length - 1] = n[0];
                  }));
    }
    Thread.sleep(Duration.ofSeconds(3));
    measuredStart[0] = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    double secs = (System.nanoTime() - measuredStart[0]) / 1e9;
    long total = 0;
    for (long[] l : latencies) {
      total += l[l.length - 1];
    }
    long[] all = new long[(int) total];
    int k = 0;
    for (long[] l : latencies) {
      int count = (int) l[l.length - 1];
      System.arraycopy(l, 0, all, k, count);
      k += count;
    }
    Arrays.sort(all);
    var fsync = meters.get("skein.wal.fsync").timer();
    var batch = meters.get("skein.wal.batch.records").summary();
    System.out.printf(
        "clients=%d spans/request=%d measured=%.1fs%n"
            + "throughput: %.0f spans/s (%d requests, %d refused)%n"
            + "ack latency: p50=%.2f ms p99=%.2f ms max=%.2f ms%n"
            + "WAL: %d fsyncs, mean %.2f ms, mean %.1f records per fsync, %.1f MB written%n",
        clients,
        spansPerRequest,
        secs,
        spans.get() / secs,
        all.length,
        refused.get(),
        pct(all, 0.50),
        pct(all, 0.99),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6,
        fsync.count(),
        fsync.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
        batch.mean(),
        meters.get("skein.wal.appended.bytes").counter().count() / 1e6);
    ingester.close();
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
  }

  private static final Resource RESOURCE =
      Resource.newBuilder()
          .addAttributes(kv("service.name", "checkout"))
          .addAttributes(kv("host.name", "node-1"))
          .build();

  /** spansPerRequest spans in traces of 10 spans, with a few typical attributes each. */
  static ExportTraceServiceRequest request(int spansPerRequest) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    ScopeSpans.Builder ss =
        ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("bench"));
    byte[] traceId = new byte[16];
    long start = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < spansPerRequest; i++) {
      if (i % 10 == 0) {
        rnd.nextBytes(traceId);
        traceId[0] |= 1;
      }
      byte[] spanId = new byte[8];
      rnd.nextBytes(spanId);
      spanId[0] |= 1;
      ss.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(traceId))
              .setSpanId(ByteString.copyFrom(spanId))
              .setName("GET /api/items/{id}")
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(start + i * 1000L)
              .setEndTimeUnixNano(start + i * 1000L + 250_000)
              .addAttributes(kv("http.request.method", "GET"))
              .addAttributes(kv("url.path", "/api/items/" + rnd.nextInt(1000)))
              .addAttributes(kv("http.response.status_code", "200")));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(RESOURCE).addScopeSpans(ss))
        .build();
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }
}
