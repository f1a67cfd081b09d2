package dev.skein.ingester.live;

import dev.skein.common.OverCapacityException;
import dev.skein.ingester.distributor.PushResult;
import dev.skein.ingester.distributor.RefusalReason;
import dev.skein.ingester.distributor.TenantLimits;
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
  private final MemoryBudget unflushed;
  private final long maxBytesPerTrace;
  private final ConcurrentMap<TraceId, LiveTrace> live = new ConcurrentHashMap<>();
  private final List<HeadBlock> cut = new CopyOnWriteArrayList<>();

  /** Blocks in the object store, still answered from the WAL until complete-block-timeout. */
  private final List<Flushed> flushed = new CopyOnWriteArrayList<>();

  /** Held (read) from a WAL append until its traces are live, so segment deletion sees them. */
  final StampedLock appends = new StampedLock();

  private volatile HeadBlock head;

  TenantInstance(
      String tenant,
      Wal wal,
      HeadBlock replayed,
      IngesterConfig config,
      TenantLimits limits,
      LongSupplier nanoTime,
      MemoryBudget globalBudget,
      MemoryBudget unflushed) {
    this.tenant = tenant;
    this.wal = wal;
    this.config = config;
    this.nanoTime = nanoTime;
    this.head = replayed;
    this.tenantBudget = new MemoryBudget(limits.maxLiveTraceBytes(config.maxLiveTraceBytes()));
    this.maxBytesPerTrace = limits.maxBytesPerTrace(config.maxBytesPerTrace());
    this.globalBudget = globalBudget;
    this.unflushed = unflushed;
  }

  CompletableFuture<PushResult> push(List<TraceBatch> batches) {
    List<PushResult.Refusal> refused = new ArrayList<>();
    List<TraceBatch> accepted = new ArrayList<>(batches.size());
    List<byte[]> payloads = new ArrayList<>(batches.size());
    long charge = 0;
    for (TraceBatch b : batches) {
      long held = heldBytes(b.traceId());
      long add = LiveTrace.charge(b.tracesData()) + WalPayloads.PREFIX_BYTES;
      if (held + add > maxBytesPerTrace) {
        refused.add(
            new PushResult.Refusal(
                b.traceId(),
                b.spanCount(),
                RefusalReason.TRACE_TOO_LARGE,
                "TRACE_TOO_LARGE: trace would hold "
                    + (held + add)
                    + " bytes, the limit is "
                    + maxBytesPerTrace));
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
    checkFlushBacklog();
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

  /** Refuses pushes while cut blocks waiting for the object store hold too much of the WAL. */
  private void checkFlushBacklog() {
    if (unflushed.used() > unflushed.limit()) {
      throw new OverCapacityException(
          "FLUSH_BACKLOG: blocks waiting for the object store hold "
              + unflushed.used()
              + " bytes of write-ahead log, the limit is "
              + unflushed.limit()
              + " (skein.ingester.max-unflushed-bytes); the object store is slow or unreachable,"
              + " retry once flushes catch up",
          false,
          config.flush().retryBackoffMin());
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
      for (long location : t.locations()) {
        WalPayloads.addTo(combiner, wal.read(location));
      }
    }
    addFrom(head, id, combiner);
    for (HeadBlock b : cut) {
      addFrom(b, id, combiner);
    }
    for (Flushed f : flushed) {
      addFrom(f.block(), id, combiner);
    }
    return WalPayloads.result(combiner);
  }

  void forEachTrace(java.util.function.Consumer<Trace> consumer) {
    java.util.Set<TraceId> ids = new java.util.LinkedHashSet<>(live.keySet());
    ids.addAll(head.traces().keySet());
    for (HeadBlock b : cut) {
      ids.addAll(b.traces().keySet());
    }
    for (Flushed f : flushed) {
      ids.addAll(f.block().traces().keySet());
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
    unflushed.take(h.bytes());
    cut.add(h);
    head = new HeadBlock(now);
    return h;
  }

  /** Whether the block is cut and not yet in the object store. */
  boolean isCut(HeadBlock block) {
    return cut.contains(block);
  }

  /** The traces of a cut block in ascending trace-id order, read lazily from the WAL. */
  java.util.Iterator<Trace> traces(HeadBlock b) {
    List<TraceId> ids = new ArrayList<>(b.traces().keySet());
    ids.sort(java.util.Comparator.naturalOrder());
    return ids.stream()
        .map(
            id -> {
              HeadBlock.Entry e = java.util.Objects.requireNonNull(b.get(id));
              if (e.locations().length == 1) {
                // most traces arrive in one push: no combining needed
                return WalPayloads.single(id, wal.read(e.locations()[0]))
                    .orElseGet(() -> new Trace(id, List.of()));
              }
              TraceCombiner combiner = WalPayloads.combiner(id);
              for (long loc : e.locations()) {
                WalPayloads.addTo(combiner, wal.read(loc));
              }
              return combiner.result();
            })
        .iterator();
  }

  /**
   * A completed block is durable: keep answering for it from the WAL until complete-block-timeout
   * passes (so processes polling the block list find it first), then forget it. Deletes the WAL
   * segments nothing needs now.
   */
  void completed(HeadBlock block) throws java.io.IOException {
    if (!cut.contains(block)) {
      return;
    }
    // into flushed before out of cut: a query never misses it
    if (!config.flush().completeBlockTimeout().isZero()) {
      flushed.add(new Flushed(block, nanoTime.getAsLong()));
    }
    if (cut.remove(block)) {
      unflushed.release(block.bytes());
    }
    deleteUnneededSegments();
  }

  /**
   * Forgets flushed blocks older than complete-block-timeout and deletes their WAL segments.
   *
   * @return how many blocks were forgotten
   */
  int expireFlushed() throws java.io.IOException {
    long now = nanoTime.getAsLong();
    long timeout = config.flush().completeBlockTimeout().toNanos();
    List<Flushed> expired = new ArrayList<>();
    for (Flushed f : flushed) {
      if (now - f.completedNanos() >= timeout) {
        expired.add(f);
      }
    }
    if (expired.isEmpty()) {
      return 0;
    }
    flushed.removeAll(expired);
    deleteUnneededSegments();
    return expired.size();
  }

  /**
   * Forgets every flushed block now (on shutdown: a stopped ingester answers no queries, and a
   * restart would otherwise replay and flush their WAL records again).
   */
  void forgetFlushed() throws java.io.IOException {
    flushed.clear();
    deleteUnneededSegments();
  }

  private void deleteUnneededSegments() throws java.io.IOException {
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
      for (Flushed f : flushed) {
        min = Math.min(min, minSegment(f.block()));
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

  /** Whether nothing here still needs the WAL: no live trace, empty head, no cut block. */
  boolean holdsNothingUnflushed() {
    return live.isEmpty() && head.isEmpty() && cut.isEmpty();
  }

  /** Traces of flushed blocks still answered from the WAL. */
  int flushedTraces() {
    int n = 0;
    for (Flushed f : flushed) {
      n += f.block().traces().size();
    }
    return n;
  }

  /** A block in the object store and when it got there. */
  private record Flushed(HeadBlock block, long completedNanos) {}
}
