package dev.skein.ingester.flush;

import static dev.skein.testkit.OtlpSpans.hex;
import static dev.skein.testkit.OtlpSpans.request;
import static dev.skein.testkit.OtlpSpans.span;
import static dev.skein.testkit.OtlpSpans.spanHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.OverCapacityException;
import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.live.BlockCompleter;
import dev.skein.ingester.live.FlushConfig;
import dev.skein.ingester.live.Ingester;
import dev.skein.ingester.live.IngesterConfig;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.trace.TraceId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flush worker pool against a real object store (in memory) that goes down, slows down or lags
 * behind in another process's block list: cutting, sweeping and acknowledgements go on, flushes
 * retry on their own, and a trace is always on the ingester or in the querier's block list.
 */
class FlushWorkersTest {

  static final String TENANT = "single-tenant";
  static final Duration BLOCKLIST_POLL = Duration.ofMinutes(5);

  @TempDir Path dir;
  final AtomicLong clock = new AtomicLong();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final InMemoryObjectStore memory = new InMemoryObjectStore();
  final AtomicBoolean down = new AtomicBoolean();
  final ObjectStore store = new ObjectStoreBlockCompleterTest.Outage(memory, down);
  final PolledBlockList blocks = new PolledBlockList(memory);
  Ingester ingester;
  Distributor distributor;
  int spanNo;

  IngesterConfig config(FlushConfig flush) {
    return ObjectStoreBlockCompleterTest.config(dir, flush);
  }

  static FlushConfig fastRetries(int workers, long maxUnflushedBytes) {
    return new FlushConfig(
        workers,
        Duration.ofMillis(5),
        Duration.ofMillis(40),
        FlushConfig.DEFAULT_COMPLETE_BLOCK_TIMEOUT,
        maxUnflushedBytes);
  }

  BlockCompleter completer() {
    return new ObjectStoreBlockCompleter(
        store, blocks, BlockConfig.defaults(), dir.resolve("work"), meters);
  }

  void start(FlushConfig flush, BlockCompleter completer) {
    ingester = new Ingester(config(flush), meters, clock::get, completer);
    ingester.start();
    distributor = new Distributor(DistributorConfig.defaults(), ingester, meters, clock::get);
  }

  @AfterEach
  void close() {
    down.set(false);
    if (ingester != null) {
      ingester.close();
    }
  }

  void ingest(int trace) throws Exception {
    spanNo++;
    var r = request("svc", List.of(span(hex(trace), spanHex(spanNo), "op")));
    distributor.export(TENANT, r, r.getSerializedSize()).get(30, TimeUnit.SECONDS);
  }

  boolean onIngester(int trace) {
    return ingester.findTraceById(TENANT, TraceId.parseHex(hex(trace))).isPresent();
  }

  static boolean inBlocks(ObjectStore store, List<BlockMeta> listed, int trace) {
    for (BlockMeta meta : listed) {
      if (BlockFormats.forVersion(meta.format())
          .openReader(store, meta)
          .findTrace(TraceId.parseHex(hex(trace)))
          .isPresent()) {
        return true;
      }
    }
    return false;
  }

  double counter(String name) {
    var c = meters.find(name).counter();
    return c == null ? 0 : c.count();
  }

  /** Waits for background flush workers; fails after 30 s instead of hanging the build. */
  static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** A sweep that finds the live traces idle and the head block old enough, so both are cut. */
  void sweepCuttingEverything() throws Exception {
    clock.addAndGet(Duration.ofMinutes(5).toNanos());
    var sweeper = Executors.newSingleThreadExecutor();
    try {
      // on another thread, so a sweep that waited for the store would fail the test, not hang it
      sweeper.submit(ingester::sweep).get(30, TimeUnit.SECONDS);
    } finally {
      sweeper.shutdownNow();
    }
  }

  @Test
  void storeDown_flushesRetryWithBackoffOnTheirOwn_everyBlockLandsOnceBack() throws Exception {
    start(fastRetries(2, FlushConfig.DEFAULT_MAX_UNFLUSHED_BYTES), completer());
    ingest(1);
    ingest(2);
    down.set(true);
    assertThat(ingester.flush()).as("blocks not in the store").isEqualTo(1);
    ingest(3);
    sweepCuttingEverything();
    eventually(
        () -> counter("skein.ingester.flush.retries") >= 4, "retries while the store is down");
    assertThat(counter("skein.ingester.flush.failures")).isGreaterThanOrEqualTo(4);
    assertThat(meters.get("skein.ingester.flush.queue").gauge().value()).isEqualTo(2);
    assertThat(blocks.blocks(TENANT)).isEmpty();
    assertThat(onIngester(1) && onIngester(2) && onIngester(3)).isTrue();

    down.set(false);
    // no POST /flush: the retries alone bring both blocks in
    eventually(() -> blocks.blocks(TENANT).size() == 2, "both blocks in the store");
    eventually(
        () -> meters.get("skein.ingester.flush.queue").gauge().value() == 0, "an empty queue");
    for (int t = 1; t <= 3; t++) {
      assertThat(inBlocks(memory, blocks.blocks(TENANT), t)).as("trace %d in a block", t).isTrue();
    }
    assertThat(meters.get("skein.ingester.flush.unflushed.bytes").gauge().value()).isZero();
    assertThat(meters.get("skein.ingester.flush.attempt").tag("outcome", "failure").timer().count())
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void storeSlow_sweepsCutsAndAcksContinueWhileFlushesWait() throws Exception {
    CountDownLatch storeAnswers = new CountDownLatch(1);
    BlockCompleter real = completer();
    start(
        fastRetries(1, FlushConfig.DEFAULT_MAX_UNFLUSHED_BYTES),
        (tenant, id, traces) -> {
          try {
            storeAnswers.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          real.complete(tenant, id, traces);
        });
    ingest(1);
    sweepCuttingEverything();
    ingest(2);
    ingest(1);
    sweepCuttingEverything();
    ingest(3);
    sweepCuttingEverything();

    assertThat(meters.get("skein.ingester.flush.queue").gauge().value()).isEqualTo(3);
    assertThat(meters.get("skein.ingester.flush.unflushed.bytes").gauge().value()).isPositive();
    assertThat(blocks.blocks(TENANT)).isEmpty();
    assertThat(ingester.findTraceById(TENANT, TraceId.parseHex(hex(1))))
        .get()
        .extracting(t -> t.spanCount())
        .isEqualTo(2);
    assertThat(onIngester(2) && onIngester(3)).isTrue();

    storeAnswers.countDown();
    eventually(() -> blocks.blocks(TENANT).size() == 3, "three blocks in the store");
    assertThat(inBlocks(memory, blocks.blocks(TENANT), 3)).isTrue();
  }

  @Test
  void backlogOverBudget_pushesRefusedRetryably_untilFlushesCatchUp() throws Exception {
    start(fastRetries(1, 1), completer());
    ingest(1);
    down.set(true);
    assertThat(ingester.flush()).isEqualTo(1);

    assertThatThrownBy(() -> ingest(2))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            OverCapacityException.class,
            e -> {
              assertThat(e.rateLimited()).isFalse();
              assertThat(e.getMessage())
                  .startsWith("FLUSH_BACKLOG: blocks waiting for the object store hold ")
                  .contains("(skein.ingester.max-unflushed-bytes)");
            });
    assertThat(
            meters
                .get("skein.distributor.spans.refused")
                .tag("reason", "unavailable")
                .counter()
                .count())
        .isEqualTo(1);

    down.set(false);
    eventually(() -> ingester.flushQueueLength() == 0, "the backlog to drain");
    ingest(2);
    assertThat(onIngester(2)).isTrue();
  }

  @Test
  void scaleOut_traceOnIngesterOrInPolledBlockList_atEveryStep() throws Exception {
    // the querier of another process: its block list only changes when it polls
    PolledBlockList querier = new PolledBlockList(memory);
    querier.refresh();
    start(
        new FlushConfig(
            1,
            Duration.ofMillis(5),
            Duration.ofMillis(40),
            BLOCKLIST_POLL.plus(Duration.ofMinutes(1)),
            FlushConfig.DEFAULT_MAX_UNFLUSHED_BYTES),
        completer());
    ingest(7);
    assertThat(onIngester(7)).isTrue();

    ingester.flush();
    // in the store, not yet in the querier's list: the ingester still answers
    assertThat(inBlocks(memory, querier.blocks(TENANT), 7)).isFalse();
    assertThat(onIngester(7)).isTrue();

    clock.addAndGet(BLOCKLIST_POLL.toNanos());
    ingester.sweep();
    assertThat(onIngester(7)).as("one poll period after the flush").isTrue();
    querier.refresh();
    assertThat(inBlocks(memory, querier.blocks(TENANT), 7)).isTrue();

    clock.addAndGet(Duration.ofMinutes(1).toNanos());
    ingester.sweep();
    assertThat(onIngester(7)).as("after complete-block-timeout").isFalse();
    assertThat(inBlocks(memory, querier.blocks(TENANT), 7)).isTrue();
  }

  @Test
  void gracefulRestart_flushedBlocksNeitherReplayedNorFlushedAgain() throws Exception {
    start(fastRetries(1, FlushConfig.DEFAULT_MAX_UNFLUSHED_BYTES), completer());
    ingest(1);
    assertThat(ingester.flush()).isZero();
    assertThat(onIngester(1)).as("within complete-block-timeout").isTrue();
    ingester.close();

    start(fastRetries(1, FlushConfig.DEFAULT_MAX_UNFLUSHED_BYTES), completer());
    assertThat(onIngester(1)).isFalse();
    ingester.flush();
    assertThat(blocks.blocks(TENANT)).hasSize(1);
    assertThat(inBlocks(memory, blocks.blocks(TENANT), 1)).isTrue();
  }

  @Test
  void backoff_doublesFromMinCappedAtMaxJitteredIntoUpperHalf() {
    FlushConfig c =
        new FlushConfig(1, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ZERO, 1);
    assertThat(backoff(c, 1, 1.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff(c, 2, 1.0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff(c, 4, 1.0)).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff(c, 5, 1.0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff(c, 500, 1.0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff(c, 2, 0.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff(c, 500, 0.5)).isEqualTo(Duration.ofMillis(7500));
    assertThatThrownBy(
            () ->
                new FlushConfig(1, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO, 1))
        .hasMessageContaining("flush-retry-backoff-max (PT1S) must be >= flush-retry-backoff-min");
    assertThatThrownBy(
            () ->
                new FlushConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 1))
        .hasMessage("skein.ingester.flush-workers must be in 1..64, was 0");
  }

  static Duration backoff(FlushConfig c, int attempt, double jitter) {
    return c.backoff(attempt, jitter);
  }
}
