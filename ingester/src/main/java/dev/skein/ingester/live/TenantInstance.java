package dev.skein.ingester.live;

import dev.skein.common.OverCapacityException;
import dev.skein.ingester.distributor.PushResult;
import dev.skein.ingester.distributor.RefusalReason;
import dev.skein.ingester.distributor.TraceBatch;
import dev.skein.ingester.wal.Wal;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceCombiner;
import dev.skein.trace.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongSupplier;

/**
 * One tenant's data in this ingester: its WAL, live traces, head block and cut blocks awaiting
 * completion. Thread-safe: pushes and queries run concurrently; cutting is serialized by this
 * object's monitor.
 *
 * <p>A trace is always in at least one of live, head or a cut block (briefly in two while being
 * cut), and queries read them in that order, so a trace is never missed mid-cut.
 */
final class TenantInstance {

  final String tenant;
  final Wal wal;
  private final IngesterConfig config;
  private final LongSupplier nanoTime;
  private final MemoryBudget tenantBudget;
  private final MemoryBudget globalBudget;
  private final ConcurrentMap<TraceId, LiveTrace> live = new ConcurrentHashMap<>();
  private final List<HeadBlock> cut = new CopyOnWriteArrayList<>();

  /** Held (read) from a WAL append until its traces are live, so segment deletion sees them. */
  final StampedLock appends = new StampedLock();

  private volatile HeadBlock head;

  TenantInstance(
      String tenant,
      Wal wal,
      HeadBlock replayed,
      IngesterConfig config,
      LongSupplier nanoTime,
      MemoryBudget globalBudget) {
    this.tenant = tenant;
    this.wal = wal;
    this.config = config;
    this.nanoTime = nanoTime;
    this.head = replayed;
    this.tenantBudget = new MemoryBudget(config.maxLiveTraceBytes());
    this.globalBudget = globalBudget;
  }

  CompletableFuture<PushResult> push(List<TraceBatch> batches) {
    List<PushResult.Refusal> refused = new ArrayList<>();
    List<TraceBatch> accepted = new ArrayList<>(batches.size());
    List<byte[]> payloads = new ArrayList<>(batches.size());
    long charge = 0;
    for (TraceBatch b : batches) {
      long held = heldBytes(b.traceId());
      long add = LiveTrace.charge(b.tracesData()) + WalPayloads.PREFIX_BYTES;
      if (held + add > config.maxBytesPerTrace()) {
        refused.add(
            new PushResult.Refusal(
                b.traceId(),
                b.spanCount(),
                RefusalReason.TRACE_TOO_LARGE,
                "TRACE_TOO_LARGE: trace would hold "
                    + (held + add)
                    + " bytes, the limit is "
                    + config.maxBytesPerTrace()));
        continue;
      }
      accepted.add(b);
      byte[] payload = WalPayloads.of(b.traceId(), b.tracesData());
      payloads.add(payload);
      charge += LiveTrace.charge(payload);
    }
    if (accepted.isEmpty()) {
      return CompletableFuture.completedFuture(new PushResult(refused));
    }
    reserve(charge);
    long stamp = appends.readLock();
    long reserved = charge;
    CompletableFuture<long[]> appended;
    try {
      appended = wal.append(payloads);
    } catch (RuntimeException e) {
      appends.unlockRead(stamp);
      release(reserved);
      throw e;
    }
    return appended.handle(
        (locations, error) -> {
          try {
            if (error != null) {
              release(reserved);
              throw error instanceof CompletionException c ? c : new CompletionException(error);
            }
            long now = nanoTime.getAsLong();
            for (int i = 0; i < accepted.size(); i++) {
              byte[] payload = payloads.get(i);
              long location = locations[i];
              // inside compute, atomic with cutLive's computeIfPresent: a batch never lands
              // in a trace that is being cut away
              live.compute(
                  accepted.get(i).traceId(),
                  (id, t) -> {
                    LiveTrace trace = t == null ? new LiveTrace(now) : t;
                    trace.add(payload, location, now);
                    return trace;
                  });
            }
            return new PushResult(refused);
          } finally {
            appends.unlockRead(stamp);
          }
        });
  }

  private void reserve(long bytes) {
    if (!tenantBudget.tryReserve(bytes)) {
      throw new OverCapacityException(
          "LIVE_TRACES_EXCEEDED: live traces of tenant "
              + tenant
              + " hold "
              + tenantBudget.used()
              + " bytes, the limit is "
              + tenantBudget.limit()
              + " (skein.ingester.max-live-trace-bytes); retry once traces are cut",
          true,
          config.traceIdlePeriod());
    }
    if (!globalBudget.tryReserve(bytes)) {
      tenantBudget.release(bytes);
      throw new OverCapacityException(
          "LIVE_TRACES_EXCEEDED: live traces of all tenants hold "
              + globalBudget.used()
              + " bytes, the process limit is "
              + globalBudget.limit()
              + " (skein.ingester.max-live-bytes-total); retry once traces are cut",
          false,
          config.traceIdlePeriod());
    }
  }

  private void release(long bytes) {
    tenantBudget.release(bytes);
    globalBudget.release(bytes);
  }

  /** Bytes this ingester holds for a trace (live and head), for the per-trace limit. */
  private long heldBytes(TraceId id) {
    long n = 0;
    LiveTrace t = live.get(id);
    if (t != null) {
      n += t.bytes();
    }
    HeadBlock.Entry e = head.get(id);
    if (e != null) {
      n += e.bytes();
    }
    return n;
  }

  Optional<Trace> find(TraceId id) {
    TraceCombiner combiner = WalPayloads.combiner(id);
    LiveTrace t = live.get(id);
    if (t != null) {
      t.chunks().forEach(c -> WalPayloads.addTo(combiner, c));
    }
    addFrom(head, id, combiner);
    for (HeadBlock b : cut) {
      addFrom(b, id, combiner);
    }
    return WalPayloads.result(combiner);
  }

  void forEachTrace(java.util.function.Consumer<Trace> consumer) {
    java.util.Set<TraceId> ids = new java.util.LinkedHashSet<>(live.keySet());
    ids.addAll(head.traces().keySet());
    for (HeadBlock b : cut) {
      ids.addAll(b.traces().keySet());
    }
    for (TraceId id : ids) {
      find(id).ifPresent(consumer);
    }
  }

  private void addFrom(HeadBlock block, TraceId id, TraceCombiner combiner) {
    HeadBlock.Entry e = block.get(id);
    if (e != null) {
      for (long location : e.locations()) {
        WalPayloads.addTo(combiner, wal.read(location));
      }
    }
  }

  /** Cuts live traces that are idle or too old ({@code all}: every one) into the head block. */
  synchronized int cutLive(boolean all) {
    long now = nanoTime.getAsLong();
    long idle = config.traceIdlePeriod().toNanos();
    long maxLive = config.maxTraceLive().toNanos();
    int n = 0;
    long freed = 0;
    HeadBlock h = head;
    for (TraceId id : live.keySet()) {
      long[] freedHere = new long[1];
      live.computeIfPresent(
          id,
          (k, t) -> {
            if (!all && !t.due(now, idle, maxLive)) {
              return t;
            }
            // into the head first, then out of live: a query never misses it
            h.add(k, t.locations(), t.bytes());
            freedHere[0] = t.bytes();
            return null;
          });
      if (freedHere[0] > 0) {
        n++;
        freed += freedHere[0];
      }
    }
    release(freed);
    return n;
  }

  /**
   * Cuts the head block when it is big or old enough ({@code force}: when not empty).
   *
   * @return the block cut, or null
   */
  synchronized @org.jspecify.annotations.Nullable HeadBlock cutHead(boolean force) {
    HeadBlock h = head;
    long now = nanoTime.getAsLong();
    boolean due =
        h.bytes() >= config.maxBlockBytes()
            || h.ageNanos(now) >= config.maxBlockDuration().toNanos();
    if (h.isEmpty() || !(force || due)) {
      return null;
    }
    cut.add(h);
    head = new HeadBlock(now);
    return h;
  }

  /** A completed block is durable: forget it and delete the WAL segments nothing needs now. */
  void completed(HeadBlock block) throws java.io.IOException {
    cut.remove(block);
    long stamp = appends.writeLock();
    try {
      int min = wal.currentSegment();
      for (LiveTrace t : live.values()) {
        for (long loc : t.locations()) {
          min = Math.min(min, Wal.segmentOf(loc));
        }
      }
      min = Math.min(min, minSegment(head));
      for (HeadBlock b : cut) {
        min = Math.min(min, minSegment(b));
      }
      wal.deleteSegmentsBefore(min);
    } finally {
      appends.unlockWrite(stamp);
    }
  }

  private static int minSegment(HeadBlock b) {
    int min = Integer.MAX_VALUE;
    for (HeadBlock.Entry e : b.traces().values()) {
      for (long loc : e.locations()) {
        min = Math.min(min, Wal.segmentOf(loc));
      }
    }
    return min;
  }

  /** Held while cut blocks are being completed, so only one thread completes them at a time. */
  final java.util.concurrent.locks.ReentrantLock completion =
      new java.util.concurrent.locks.ReentrantLock();

  List<HeadBlock> cutBlocks() {
    return List.copyOf(cut);
  }

  int liveTraces() {
    return live.size();
  }

  long liveBytes() {
    return tenantBudget.used();
  }

  int headTraces() {
    int n = head.traces().size();
    for (HeadBlock b : cut) {
      n += b.traces().size();
    }
    return n;
  }
}
