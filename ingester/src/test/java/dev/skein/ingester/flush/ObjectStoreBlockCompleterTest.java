package dev.skein.ingester.flush;

import static dev.skein.testkit.OtlpSpans.hex;
import static dev.skein.testkit.OtlpSpans.request;
import static dev.skein.testkit.OtlpSpans.span;
import static dev.skein.testkit.OtlpSpans.spanHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.live.Ingester;
import dev.skein.ingester.live.IngesterConfig;
import dev.skein.ingester.wal.WalConfig;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.backend.ObjectStoreException;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.trace.TraceId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Head blocks become vsk1 blocks in the object store, and an outage loses nothing. */
class ObjectStoreBlockCompleterTest {

  @TempDir Path dir;
  final AtomicLong clock = new AtomicLong();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final InMemoryObjectStore memory = new InMemoryObjectStore();
  final AtomicBoolean down = new AtomicBoolean();
  final ObjectStore store = new Outage(memory, down);
  final PolledBlockList blocks = new PolledBlockList(memory);
  Ingester ingester;

  IngesterConfig config() {
    return config(dir, dev.skein.ingester.live.FlushConfig.defaults());
  }

  /** The settings of these tests: fake clock far from every cut, WAL under {@code dir}. */
  static IngesterConfig config(Path dir, dev.skein.ingester.live.FlushConfig flush) {
    return new IngesterConfig(
        new WalConfig(dir.resolve("wal"), 1 << 20, 8 << 20),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        100L << 20,
        Duration.ofMinutes(5),
        5_000_000,
        250_000_000,
        64L << 20,
        true,
        flush);
  }

  Ingester start() {
    IngesterConfig config = config();
    ingester =
        new Ingester(
            config,
            meters,
            clock::get,
            new ObjectStoreBlockCompleter(
                store, blocks, BlockConfig.defaults(), dir.resolve("work"), meters));
    ingester.start();
    return ingester;
  }

  @AfterEach
  void close() {
    if (ingester != null) {
      ingester.close();
    }
  }

  void ingest(int... traces) throws Exception {
    Distributor d = new Distributor(DistributorConfig.defaults(), ingester, meters, clock::get);
    int spanNo = 0;
    for (int t : traces) {
      spanNo++;
      var r = request("svc", List.of(span(hex(t), spanHex(spanNo), "op")));
      d.export("single-tenant", r, r.getSerializedSize()).get();
    }
  }

  @Test
  void flush_storeUp_blockCommittedAndAnnounced() throws Exception {
    start();
    ingest(2, 1, 2);
    ingester.flush();

    List<BlockMeta> listed = blocks.blocks("single-tenant");
    assertThat(listed).hasSize(1);
    BlockMeta meta = listed.get(0);
    assertThat(meta.totalTraces()).isEqualTo(2);
    assertThat(meta.totalSpans()).isEqualTo(3);
    var reader = BlockFormats.forVersion(meta.format()).openReader(memory, meta);
    assertThat(reader.findTrace(TraceId.parseHex(hex(2))))
        .get()
        .extracting(t -> t.spanCount())
        .isEqualTo(2);
    blocks.refresh();
    assertThat(blocks.blocks("single-tenant")).containsExactly(meta);
  }

  @Test
  void flush_storeDown_nothingLostAndBlockLandsOnceStoreIsBack() throws Exception {
    start();
    ingest(1, 2);
    down.set(true);
    ingester.flush();
    assertThat(blocks.blocks("single-tenant")).isEmpty();
    assertThat(memory.list("")).noneMatch(k -> k.endsWith("/meta.json"));
    assertThat(ingester.findTraceById("single-tenant", TraceId.parseHex(hex(1)))).isPresent();

    down.set(false);
    ingester.flush();
    assertThat(blocks.blocks("single-tenant")).hasSize(1);
    assertThat(memory.list("").stream().filter(k -> k.endsWith("/meta.json"))).hasSize(1);
    BlockMeta meta = blocks.blocks("single-tenant").get(0);
    var reader = BlockFormats.forVersion(meta.format()).openReader(memory, meta);
    assertThat(reader.findTrace(TraceId.parseHex(hex(1)))).isPresent();
    assertThat(reader.findTrace(TraceId.parseHex(hex(2)))).isPresent();
  }

  @Test
  void complete_blockAlreadyCommitted_notWrittenTwice() throws Exception {
    ObjectStoreBlockCompleter completer =
        new ObjectStoreBlockCompleter(
            memory, blocks, BlockConfig.defaults(), dir.resolve("w"), meters);
    start();
    ingest(5);
    ingester.flush();
    BlockMeta first = blocks.blocks("single-tenant").get(0);
    long objects = memory.list("").size();
    completer.complete(
        "single-tenant", first.blockId(), List.<dev.skein.trace.Trace>of().iterator());
    assertThat(memory.list("")).hasSize((int) objects);
  }

  @Test
  void complete_twoBlocksWrittenInLockstep_bothIntact() throws Exception {
    // Two writers advance trace by trace together, so shared scratch files would interleave.
    ObjectStoreBlockCompleter completer =
        new ObjectStoreBlockCompleter(
            memory, blocks, BlockConfig.defaults(), dir.resolve("w"), meters);
    java.util.concurrent.CyclicBarrier step = new java.util.concurrent.CyclicBarrier(2);
    List<java.util.UUID> ids = List.of(java.util.UUID.randomUUID(), java.util.UUID.randomUUID());
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int offset = w * 1000;
        java.util.UUID id = ids.get(w);
        writes.add(
            pool.submit(
                () -> {
                  completer.complete("single-tenant", id, lockstep(offset, step));
                  return null;
                }));
      }
      for (var f : writes) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (BlockMeta meta : blocks.blocks("single-tenant")) {
      assertThat(memory.size(meta.key("data.parquet"))).isEqualTo(meta.dataBytes());
      var reader = BlockFormats.forVersion(meta.format()).openReader(memory, meta);
      assertThat(meta.totalTraces()).isEqualTo(50);
      int offset = meta.blockId().equals(ids.get(0)) ? 0 : 1000;
      for (int i = 1; i <= 50; i++) {
        assertThat(reader.findTrace(TraceId.parseHex(hex(offset + i)))).isPresent();
      }
    }
    assertThat(blocks.blocks("single-tenant")).hasSize(2);
  }

  /** 50 one-span traces that wait for the other writer before each one. */
  static java.util.Iterator<dev.skein.trace.Trace> lockstep(
      int offset, java.util.concurrent.CyclicBarrier step) {
    return new java.util.Iterator<>() {
      int i = 0;

      @Override
      public boolean hasNext() {
        return i < 50;
      }

      @Override
      public dev.skein.trace.Trace next() {
        i++;
        try {
          step.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        var rs =
            request("svc", List.of(span(hex(offset + i), spanHex(i), "op".repeat(500))))
                .getResourceSpans(0);
        return new dev.skein.trace.Trace(TraceId.parseHex(hex(offset + i)), List.of(rs));
      }
    };
  }

  @Test
  void flush_concurrentFlushes_completeOneAtATime() throws Exception {
    java.util.concurrent.atomic.AtomicInteger active =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger maxActive =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    IngesterConfig config = config();
    ingester =
        new Ingester(
            config,
            meters,
            clock::get,
            (tenant, id, traces) -> {
              maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
              entered.countDown();
              try {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              traces.forEachRemaining(t -> {});
              active.decrementAndGet();
            });
    ingester.start();
    ingest(1);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(() -> ingester.flush());
      var second = pool.submit(() -> ingester.flush());
      // Without the per-tenant lock the second flush would enter the completer too.
      assertThat(entered.await(1, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
      release.countDown();
      first.get(30, java.util.concurrent.TimeUnit.SECONDS);
      second.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(maxActive).hasValue(1);
  }

  /** Fails every write while {@code down} is set, as an unreachable bucket would. */
  static final class Outage implements ObjectStore {
    private final ObjectStore delegate;
    private final AtomicBoolean down;

    Outage(ObjectStore delegate, AtomicBoolean down) {
      this.delegate = delegate;
      this.down = down;
    }

    private void check(String op, String key) {
      if (down.get()) {
        throw new ObjectStoreException(op + " " + key, new IOException("connection refused"));
      }
    }

    @Override
    public byte[] get(String key) {
      check("get", key);
      return delegate.get(key);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
      check("getRange", key);
      return delegate.getRange(key, offset, length);
    }

    @Override
    public long size(String key) {
      check("size", key);
      return delegate.size(key);
    }

    @Override
    public void put(String key, byte[] bytes) {
      check("put", key);
      delegate.put(key, bytes);
    }

    @Override
    public void put(String key, Path file) {
      check("put", key);
      delegate.put(key, file);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes) {
      check("putIfAbsent", key);
      return delegate.putIfAbsent(key, bytes);
    }

    @Override
    public List<String> list(String prefix) {
      check("list", prefix);
      return delegate.list(prefix);
    }

    @Override
    public List<String> children(String prefix) {
      check("children", prefix);
      return delegate.children(prefix);
    }

    @Override
    public void delete(String key) {
      check("delete", key);
      delegate.delete(key);
    }

    @Override
    public void close() {}
  }
}
