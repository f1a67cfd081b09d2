package dev.skein.bench.send;

import dev.skein.bench.workload.TraceSlice;
import dev.skein.trace.TraceId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Every span the server acknowledged, by trace. A slice is recorded only after a fully successful
 * response, so a trace is "acknowledged" when all its spans are. Thread-safe.
 */
public final class AckLedger {

  /**
   * One trace as far as it is acknowledged.
   *
   * @param traceId its id
   * @param ackedSpanIds the span ids acknowledged so far
   * @param totalSpans how many spans the trace has in all
   * @param completedAtNanos {@code System.nanoTime()} when its last span was acknowledged, or 0
   */
  public record AckedTrace(
      TraceId traceId, long[] ackedSpanIds, int totalSpans, long completedAtNanos) {

    public boolean complete() {
      return ackedSpanIds.length == totalSpans;
    }
  }

  private final Entry[] entries;
  private final AtomicLong ackedSpans = new AtomicLong();
  private final AtomicLong completeTraces = new AtomicLong();
  private final AtomicReference<@Nullable AckedTrace> latestComplete = new AtomicReference<>();

  /** A ledger for a workload of {@code traces} traces. */
  public AckLedger(int traces) {
    this.entries = new Entry[traces];
  }

  /** Records that the server acknowledged {@code slices} at {@code nowNanos}. */
  public void acknowledge(List<TraceSlice> slices, long nowNanos) {
    for (TraceSlice s : slices) {
      Entry e;
      synchronized (entries) {
        e = entries[s.traceIndex()];
        if (e == null) {
          e = new Entry(s.traceId(), s.traceSpanCount());
          entries[s.traceIndex()] = e;
        }
      }
      if (e.add(s.spanIds(), nowNanos)) {
        completeTraces.incrementAndGet();
        latestComplete.set(e.snapshot());
      }
      ackedSpans.addAndGet(s.spanIds().length);
    }
  }

  public long ackedSpans() {
    return ackedSpans.get();
  }

  public long completeTraces() {
    return completeTraces.get();
  }

  /** The trace whose last span was acknowledged most recently, or null before the first. */
  public @Nullable AckedTrace latestComplete() {
    return latestComplete.get();
  }

  /** Every trace with at least one acknowledged span, in workload order. */
  public List<AckedTrace> snapshot() {
    List<AckedTrace> out = new ArrayList<>();
    synchronized (entries) {
      for (Entry e : entries) {
        if (e != null) {
          out.add(e.snapshot());
        }
      }
    }
    return out;
  }

  private static final class Entry {
    final TraceId traceId;
    final int total;
    long[] acked = new long[0];
    long completedAtNanos;

    Entry(TraceId traceId, int total) {
      this.traceId = traceId;
      this.total = total;
    }

    /** Adds span ids; true when this completed the trace. */
    synchronized boolean add(long[] ids, long nowNanos) {
      boolean wasComplete = acked.length == total;
      long[] merged = Arrays.copyOf(acked, acked.length + ids.length);
      System.arraycopy(ids, 0, merged, acked.length, ids.length);
      acked = merged;
      if (!wasComplete && acked.length == total) {
        completedAtNanos = nowNanos;
        return true;
      }
      return false;
    }

    synchronized AckedTrace snapshot() {
      return new AckedTrace(traceId, acked.clone(), total, completedAtNanos);
    }
  }
}
