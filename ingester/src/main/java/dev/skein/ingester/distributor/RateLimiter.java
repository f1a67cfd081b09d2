package dev.skein.ingester.distributor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Per-tenant token buckets over bytes: a tenant's rate in bytes per second refills a bucket of its
 * burst bytes (the defaults, or the tenant's {@link Overrides}). Thread-safe; one small lock per
 * tenant.
 */
final class RateLimiter {

  private final long defaultRate;
  private final long defaultBurst;
  private final Overrides overrides;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(long defaultRate, long defaultBurst, Overrides overrides, LongSupplier nanoTime) {
    this.defaultRate = defaultRate;
    this.defaultBurst = defaultBurst;
    this.overrides = overrides;
    this.nanoTime = nanoTime;
  }

  /** The tenant's rate in bytes per second; 0 means unlimited. */
  long rate(String tenant) {
    return overrides.forTenant(tenant).rateLimitBytes(defaultRate);
  }

  /** The tenant's burst in bytes. */
  long burst(String tenant) {
    return overrides.forTenant(tenant).burstBytes(defaultBurst);
  }

  /**
   * Takes {@code bytes} from the tenant's bucket.
   *
   * @return 0 when taken, else how many nanoseconds until that many bytes would be available
   */
  long tryAcquire(String tenant, long bytes) {
    Bucket b = buckets.get(tenant);
    if (b == null) {
      b = buckets.computeIfAbsent(tenant, t -> new Bucket(rate(t), burst(t), nanoTime.getAsLong()));
    }
    return b.take(bytes);
  }

  private final class Bucket {
    private final long rate;
    private final long burst;
    private double tokens;
    private long last;

    Bucket(long rate, long burst, long now) {
      this.rate = rate;
      this.burst = burst;
      this.tokens = burst;
      this.last = now;
    }

    synchronized long take(long bytes) {
      if (rate == 0) {
        return 0;
      }
      long now = nanoTime.getAsLong();
      // in double: (now - last) * rate overflows a long after about ten idle minutes
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
      last = now;
      if (tokens >= bytes) {
        tokens -= bytes;
        return 0;
      }
      return (long) Math.ceil((bytes - tokens) * 1e9 / rate);
    }
  }
}
