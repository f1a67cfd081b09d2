package dev.skein.ingester.live;

import static dev.skein.testkit.OtlpSpans.hex;
import static dev.skein.testkit.OtlpSpans.request;
import static dev.skein.testkit.OtlpSpans.span;
import static dev.skein.testkit.OtlpSpans.spanHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.OverCapacityException;
import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.distributor.ExportResult;
import dev.skein.ingester.distributor.Overrides;
import dev.skein.ingester.distributor.TenantLimits;
import dev.skein.ingester.wal.WalConfig;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngesterTest {

  @TempDir Path dir;
  final AtomicLong clock = new AtomicLong();
  final List<AutoCloseable> open = new ArrayList<>();
  SimpleMeterRegistry meters = new SimpleMeterRegistry();

  IngesterConfig config(long maxBytesPerTrace, long maxLiveTraceBytes) {
    return new IngesterConfig(
        new WalConfig(dir.resolve("wal"), 1 << 20, 8 << 20),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        100L << 20,
        Duration.ofMinutes(5),
        maxBytesPerTrace,
        maxLiveTraceBytes,
        64L << 20,
        true);
  }

  Ingester start(IngesterConfig config, BlockCompleter completer) {
    meters = new SimpleMeterRegistry();
    Ingester ingester = new Ingester(config, meters, clock::get, completer);
    ingester.start();
    open.add(ingester);
    return ingester;
  }

  Ingester start() {
    return start(config(5_000_000, 250_000_000), null);
  }

  Distributor distributor(Ingester ingester) {
    return new Distributor(DistributorConfig.defaults(), ingester, meters, clock::get);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  static ExportResult export(Distributor d, ExportTraceServiceRequest r) throws Exception {
    return d.export("single-tenant", r, r.getSerializedSize()).get();
  }

  static List<Span> spans(Trace t) {
    return t.resourceSpans().stream()
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .flatMap(ss -> ss.getSpansList().stream())
        .toList();
  }

  @Test
  void findTraceById_rightAfterAcknowledgement_everySpanFieldForField() throws Exception {
    Ingester ingester = start();
    ExportTraceServiceRequest r =
        request("svc", List.of(span(hex(1), spanHex(1), "a"), span(hex(1), spanHex(2), "b")));
    assertThat(export(distributor(ingester), r).rejectedSpans()).isZero();

    Trace t = ingester.findTraceById("single-tenant", TraceId.parseHex(hex(1))).orElseThrow();
    assertThat(t.resourceSpans()).containsExactlyElementsOf(r.getResourceSpansList());
    assertThat(ingester.findTraceById("single-tenant", TraceId.parseHex(hex(9)))).isEmpty();
    assertThat(ingester.findTraceById("other", TraceId.parseHex(hex(1)))).isEmpty();
  }

  @Test
  void findTraceById_afterIdleCut_readFromWalBackedHeadBlock() throws Exception {
    Ingester ingester = start();
    Distributor d = distributor(ingester);
    export(d, request("svc", List.of(span(hex(1), spanHex(1), "a"))));
    clock.addAndGet(Duration.ofSeconds(6).toNanos());
    export(
        d, request("svc", List.of(span(hex(1), spanHex(2), "b"), span(hex(2), spanHex(3), "c"))));
    ingester.sweep();

    assertThat(meters.get("skein.ingester.live.traces").gauge().value()).isEqualTo(2);
    Trace t = ingester.findTraceById("single-tenant", TraceId.parseHex(hex(1))).orElseThrow();
    assertThat(spans(t)).extracting(Span::getName).containsExactly("a", "b");
    clock.addAndGet(Duration.ofSeconds(6).toNanos());
    ingester.sweep();
    assertThat(meters.get("skein.ingester.live.traces").gauge().value()).isZero();
    assertThat(meters.get("skein.ingester.live.bytes").gauge().value()).isZero();
    assertThat(
            spans(ingester.findTraceById("single-tenant", TraceId.parseHex(hex(1))).orElseThrow()))
        .extracting(Span::getName)
        .containsExactly("a", "b");
  }

  @Test
  void forEachTrace_liveAndCutTraces_eachOnceCombined() throws Exception {
    Ingester ingester = start();
    Distributor d = distributor(ingester);
    export(
        d, request("svc", List.of(span(hex(1), spanHex(1), "a"), span(hex(2), spanHex(2), "b"))));
    clock.addAndGet(Duration.ofSeconds(6).toNanos());
    ingester.sweep();
    export(
        d, request("svc", List.of(span(hex(1), spanHex(3), "c"), span(hex(3), spanHex(4), "d"))));

    List<String> seen = new ArrayList<>();
    ingester.forEachTrace(
        "single-tenant", t -> seen.add(t.traceId().toHex() + ":" + t.spanCount()));
    assertThat(seen).containsExactlyInAnyOrder(hex(1) + ":2", hex(2) + ":1", hex(3) + ":1");
    List<Trace> none = new ArrayList<>();
    ingester.forEachTrace("nobody", none::add);
    assertThat(none).isEmpty();
  }

  @Test
  void push_concurrentWithCutting_noSpanLostAndBudgetFullyReleased() throws Exception {
    Ingester ingester = start();
    Distributor d = distributor(ingester);
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread sweeper =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!done.get()) {
                    clock.addAndGet(Duration.ofSeconds(6).toNanos());
                    ingester.sweep();
                  }
                });
    List<Thread> pushers = new ArrayList<>();
    for (int p = 0; p < 8; p++) {
      int base = p * 1000;
      pushers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 150; i++) {
                      try {
                        export(
                            d, request("svc", List.of(span(hex(i % 5), spanHex(base + i), "s"))));
                      } catch (Exception e) {
                        throw new AssertionError(e);
                      }
                    }
                  }));
    }
    for (Thread t : pushers) {
      t.join();
    }
    done.set(true);
    sweeper.join();
    ingester.flush();

    assertThat(meters.get("skein.ingester.live.bytes").gauge().value()).isZero();
    int total = 0;
    for (int trace = 0; trace < 5; trace++) {
      total +=
          ingester
              .findTraceById("single-tenant", TraceId.parseHex(hex(trace)))
              .orElseThrow()
              .spanCount();
    }
    assertThat(total).isEqualTo(8 * 150);
  }

  @Test
  void start_afterRestart_everyAcknowledgedSpanFoundOnce() throws Exception {
    Ingester first = start();
    Distributor d = distributor(first);
    for (int i = 0; i < 20; i++) {
      export(d, request("svc", List.of(span(hex(i % 5), spanHex(i), "s" + i))));
    }
    first.close();

    Ingester second = start();
    for (int trace = 0; trace < 5; trace++) {
      Trace t = second.findTraceById("single-tenant", TraceId.parseHex(hex(trace))).orElseThrow();
      assertThat(spans(t)).hasSize(4);
    }
  }

  @Test
  void findTraceById_sameBatchSentTwice_spansOnce() throws Exception {
    Ingester ingester = start();
    Distributor d = distributor(ingester);
    ExportTraceServiceRequest r = request("svc", List.of(span(hex(1), spanHex(1), "a")));
    export(d, r);
    export(d, r);
    assertThat(
            spans(ingester.findTraceById("single-tenant", TraceId.parseHex(hex(1))).orElseThrow()))
        .hasSize(1);
  }

  @Test
  void push_traceOverItsByteLimit_refusedAsTraceTooLargeOthersKept() throws Exception {
    Ingester ingester = start(config(600, 250_000_000), null);
    Distributor d = distributor(ingester);
    export(d, request("svc", List.of(span(hex(1), spanHex(1), "a"))));
    List<Span> more = new ArrayList<>();
    for (int i = 2; i < 10; i++) {
      more.add(span(hex(1), spanHex(i), "x".repeat(50)));
    }
    more.add(span(hex(2), spanHex(20), "other"));
    ExportResult result = export(d, request("svc", more));

    assertThat(result.rejectedSpans()).isEqualTo(8);
    assertThat(result.errorMessage()).contains("8 trace_too_large").contains("TRACE_TOO_LARGE");
    assertThat(ingester.findTraceById("single-tenant", TraceId.parseHex(hex(2)))).isPresent();
    assertThat(
            spans(ingester.findTraceById("single-tenant", TraceId.parseHex(hex(1))).orElseThrow()))
        .hasSize(1);
  }

  @Test
  void push_overTenantLiveBytes_retryable429UntilTracesAreCut() throws Exception {
    Ingester ingester = start(config(5_000_000, 1500), null);
    Distributor d = distributor(ingester);
    int accepted = 0;
    OverCapacityException refused = null;
    for (int i = 0; i < 50 && refused == null; i++) {
      try {
        export(d, request("svc", List.of(span(hex(i), spanHex(i), "s"))));
        accepted++;
      } catch (ExecutionException e) {
        refused = (OverCapacityException) e.getCause();
      }
    }
    assertThat(accepted).isBetween(1, 49);
    assertThat(refused.rateLimited()).isTrue();
    assertThat(refused.getMessage())
        .startsWith("LIVE_TRACES_EXCEEDED: live traces of tenant single-tenant hold");
    assertThat(
            meters
                .find("skein.distributor.spans.refused")
                .tag("reason", "live_traces_exceeded")
                .counter()
                .count())
        .isEqualTo(1);

    clock.addAndGet(Duration.ofSeconds(6).toNanos());
    ingester.sweep();
    export(d, request("svc", List.of(span(hex(99), spanHex(99), "s"))));
  }

  @Test
  void flush_withCompleter_tracesInIdOrderThenWalSegmentsDeletedAfterCompleteBlockTimeout()
      throws Exception {
    List<String> completed = new ArrayList<>();
    List<UUID> blocks = new ArrayList<>();
    IngesterConfig small =
        new IngesterConfig(
            new WalConfig(dir.resolve("wal"), 1024, 8 << 20),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofHours(1),
            100L << 20,
            Duration.ofMinutes(5),
            5_000_000,
            250_000_000,
            64L << 20,
            true);
    Ingester ingester =
        start(
            small,
            (tenant, id, traces) -> {
              blocks.add(id);
              traces.forEachRemaining(
                  t -> completed.add(t.traceId().toHex() + ":" + t.spanCount()));
            });
    Distributor d = distributor(ingester);
    int spanNo = 0;
    for (int i : new int[] {3, 1, 2, 1}) {
      spanNo++;
      export(d, request("svc", List.of(span(hex(i), spanHex(spanNo), "s".repeat(200)))));
    }
    Path tenantWal = dir.resolve("wal").resolve("single-tenant");
    long segmentsBefore;
    try (var files = Files.list(tenantWal)) {
      segmentsBefore = files.count();
    }
    ingester.flush();

    assertThat(blocks).hasSize(1);
    assertThat(completed).containsExactly(hex(1) + ":2", hex(2) + ":1", hex(3) + ":1");
    // flushed, but still answered here (and its WAL kept) until complete-block-timeout
    clock.addAndGet(FlushConfig.DEFAULT_COMPLETE_BLOCK_TIMEOUT.toNanos() - 1);
    ingester.sweep();
    assertThat(ingester.findTraceById("single-tenant", TraceId.parseHex(hex(1))))
        .get()
        .extracting(Trace::spanCount)
        .isEqualTo(2);
    try (var files = Files.list(tenantWal)) {
      assertThat(segmentsBefore).isGreaterThan(1);
      assertThat(files.count()).isEqualTo(segmentsBefore);
    }

    clock.addAndGet(1);
    ingester.sweep();
    assertThat(ingester.findTraceById("single-tenant", TraceId.parseHex(hex(1)))).isEmpty();
    try (var files = Files.list(tenantWal)) {
      assertThat(files.count()).isEqualTo(1);
    }
    assertThat(blocks).hasSize(1);
  }

  @Test
  void push_tenantOverrides_ownTraceAndLiveLimitsOthersKeepDefaults() throws Exception {
    meters = new SimpleMeterRegistry();
    Overrides overrides =
        Overrides.of(
            java.util.Map.of(
                "small", new TenantLimits(null, null, 600L, null),
                "tiny", new TenantLimits(null, null, null, 100L)));
    Ingester ingester =
        new Ingester(config(5_000_000, 250_000_000), overrides, meters, clock::get, null);
    ingester.start();
    open.add(ingester);
    Distributor d =
        new Distributor(
            DistributorConfig.defaults().withMultitenancy(true), ingester, meters, clock::get);
    ExportTraceServiceRequest big =
        request("svc", List.of(span(hex(1), spanHex(1), "s".repeat(800))));

    ExportResult small = d.export("small", big, big.getSerializedSize()).get();
    assertThat(small.rejectedSpans()).isEqualTo(1);
    assertThat(small.errorMessage()).contains("TRACE_TOO_LARGE").contains("the limit is 600");

    assertThatThrownBy(() -> d.export("tiny", big, big.getSerializedSize()).get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(OverCapacityException.class)
        .hasMessageContaining("LIVE_TRACES_EXCEEDED: live traces of tenant tiny")
        .hasMessageContaining("the limit is 100 ");

    assertThat(d.export("other", big, big.getSerializedSize()).get().rejectedSpans()).isZero();
  }

  @Test
  void push_afterClose_retryableUnavailable() {
    Ingester ingester = start();
    ingester.close();
    assertThatThrownBy(
            () ->
                export(
                    distributor(ingester), request("svc", List.of(span(hex(1), spanHex(1), "a")))))
        .hasCauseInstanceOf(OverCapacityException.class);
    assertThat(ingester.check().ok()).isFalse();
  }
}
