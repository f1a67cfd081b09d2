package dev.skein.bench.store;

import dev.skein.storage.backend.MeteredObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;

/**
 * Reads the read requests and bytes that a {@link MeteredObjectStore} counted in {@code registry}:
 * what actually went to the store (cache misses only when a cache sits above it). Thread-safe.
 */
final class ReadMeter {

  private static final Set<String> READ_OPS = Set.of("get", "get_range");

  private final MeterRegistry registry;

  ReadMeter(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Read requests (whole and ranged gets) so far. */
  long requests() {
    long n = 0;
    for (Timer t : registry.find(MeteredObjectStore.REQUESTS).timers()) {
      if (READ_OPS.contains(t.getId().getTag("op"))) {
        n += t.count();
      }
    }
    return n;
  }

  /** Bytes read so far. */
  long bytes() {
    double n = 0;
    for (Counter c : registry.find(MeteredObjectStore.BYTES).counters()) {
      if (READ_OPS.contains(c.getId().getTag("op"))) {
        n += c.count();
      }
    }
    return (long) n;
  }

  /** A snapshot, to subtract from a later one. */
  Reads snapshot() {
    return new Reads(requests(), bytes());
  }

  /**
   * Requests and bytes read.
   *
   * @param requests read requests
   * @param bytes bytes read
   */
  record Reads(long requests, long bytes) {
    Reads minus(Reads earlier) {
      return new Reads(requests - earlier.requests, bytes - earlier.bytes);
    }
  }
}
