package dev.skein.ingester.live;

import dev.skein.trace.TraceId;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Traces cut from the live traces, held only as locations of their records in the write-ahead log
 * (the WAL is the head block's storage), so a head block costs a few dozen bytes of heap per trace
 * whatever its size. Thread-safe.
 */
final class HeadBlock {

  private final UUID id = UUID.randomUUID();
  private final long createdNanos;
  private final ConcurrentMap<TraceId, Entry> traces = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();

  HeadBlock(long now) {
    this.createdNanos = now;
  }

  UUID id() {
    return id;
  }

  void add(TraceId traceId, long[] locations, long traceBytes) {
    traces.merge(traceId, new Entry(locations, traceBytes), Entry::plus);
    bytes.addAndGet(traceBytes);
  }

  @org.jspecify.annotations.Nullable
  Entry get(TraceId traceId) {
    return traces.get(traceId);
  }

  ConcurrentMap<TraceId, Entry> traces() {
    return traces;
  }

  long bytes() {
    return bytes.get();
  }

  boolean isEmpty() {
    return traces.isEmpty();
  }

  long ageNanos(long now) {
    return now - createdNanos;
  }

  /**
   * Where one trace's records are.
   *
   * @param locations WAL locations of its records
   * @param bytes their total size
   */
  record Entry(long[] locations, long bytes) {
    Entry plus(Entry o) {
      long[] all = Arrays.copyOf(locations, locations.length + o.locations.length);
      System.arraycopy(o.locations, 0, all, locations.length, o.locations.length);
      return new Entry(all, bytes + o.bytes);
    }
  }
}
