package dev.skein.ingester.live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One live trace: the serialized WAL payloads of its batches (not parsed object graphs) and where
 * each lies in the WAL, so that cutting it into the head block keeps only the locations. Thread-
 * safe through its own lock.
 */
final class LiveTrace {

  /** Rough per-batch bookkeeping cost on the heap, charged to the memory budget. */
  static final int OVERHEAD_BYTES = 64;

  private final List<byte[]> chunks = new ArrayList<>(2);
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
    chunks.add(payload);
    if (count == locations.length) {
      locations = Arrays.copyOf(locations, count * 2);
    }
    locations[count++] = location;
    bytes += charge(payload);
    lastAppendNanos = now;
  }

  synchronized List<byte[]> chunks() {
    return List.copyOf(chunks);
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
