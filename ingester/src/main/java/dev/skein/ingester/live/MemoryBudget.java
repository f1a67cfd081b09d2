package dev.skein.ingester.live;

import java.util.concurrent.atomic.AtomicLong;

/** A byte budget taken before data is held and given back when it is released. Thread-safe. */
final class MemoryBudget {

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  MemoryBudget(long limit) {
    this.limit = limit;
  }

  /** Takes {@code bytes} unless that would pass the limit. */
  boolean tryReserve(long bytes) {
    while (true) {
      long u = used.get();
      if (u + bytes > limit) {
        return false;
      }
      if (used.compareAndSet(u, u + bytes)) {
        return true;
      }
    }
  }

  /** Takes {@code bytes} whatever the limit (for budgets checked before, not while, taking). */
  void take(long bytes) {
    used.addAndGet(bytes);
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }

  long limit() {
    return limit;
  }
}
