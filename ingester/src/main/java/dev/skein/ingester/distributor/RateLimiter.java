package dev.skein.ingester.distributor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Per-tenant token buckets over bytes: {@code rate} bytes per second refill a bucket of {@code
 * burst} bytes. Thread-safe; one small lock per tenant.
 */
final class RateLimiter {

  private final long rateBytesPerSecond;
  private final long burstBytes;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(long rateBytesPerSecond, long burstBytes, LongSupplier nanoTime) {
    this.rateBytesPerSecond = rateBytesPerSecond;
    this.burstBytes = burstBytes;
    this.nanoTime = nanoTime;
  }

  /**
   * Takes {@code bytes} from the tenant's bucket.
   *
   * @return 0 when taken, else how many nanoseconds until that many bytes would be available
   */
  long tryAcquire(String tenant, long bytes) {
    if (rateBytesPerSecond == 0) {
      return 0;
    }
    return buckets.computeIfAbsent(tenant, t -> new Bucket(nanoTime.getAsLong())).take(bytes);
  }

  private final class Bucket {
    private double tokens = burstBytes;
    private long last;

    Bucket(long now) {
      this.last = now;
    }

    synchronized long take(long bytes) {
      long now = nanoTime.getAsLong();
      // in double: (now - last) * rate overflows a long after about ten idle minutes
      tokens = Math.min(burstBytes, tokens + (now - last) / 1e9 * rateBytesPerSecond);
      last = now;
      if (tokens >= bytes) {
        tokens -= bytes;
        return 0;
      }
      return (long) Math.ceil((bytes - tokens) * 1e9 / rateBytesPerSecond);
    }
  }
}
