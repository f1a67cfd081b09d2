package dev.skein.ingester.live;

import java.util.Arrays;

/**
 * One live trace: where the WAL records of its batches lie and how many bytes they hold. The bytes
 * themselves stay in the WAL (queries read them back, as they do for the head block), so a live
 * trace costs a few dozen bytes of heap whatever its size, and the payloads of acknowledged pushes
 * die young instead of being promoted and collected from the old generation seconds later. Thread-
 * safe through its own lock.
 */
final class LiveTrace {

  /** Rough per-batch bookkeeping cost, charged to the memory budget with the payload's bytes. */
  static final int OVERHEAD_BYTES = 64;

  private long[] locations = new long[2];
  private int count;
  private long bytes;
  private final long createdNanos;
  private long lastAppendNanos;

  LiveTrace(long now) {
    this.createdNanos = now;
    this.lastAppendNanos = now;
  }

  static long charge(byte[] payload) {
    return payload.length + OVERHEAD_BYTES;
  }

  synchronized void add(byte[] payload, long location, long now) {
    if (count == locations.length) {
      locations = Arrays.copyOf(locations, count * 2);
    }
    locations[count++] = location;
    bytes += charge(payload);
    lastAppendNanos = now;
  }

  synchronized long[] locations() {
    return Arrays.copyOf(locations, count);
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized boolean due(long now, long idleNanos, long maxLiveNanos) {
    return now - lastAppendNanos >= idleNanos || now - createdNanos >= maxLiveNanos;
  }
}
