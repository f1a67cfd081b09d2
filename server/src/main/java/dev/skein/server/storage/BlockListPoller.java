package dev.skein.server.storage;

import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import dev.skein.storage.tenant.PolledBlockList;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes a {@link PolledBlockList} at start (so the first queries see every block) and then
 * every poll period, on one daemon thread, running the after-refresh hook (the querier's bloom
 * index preload) on that thread after each. A failed refresh is logged and retried next period.
 */
public final class BlockListPoller implements Component {

  private static final Logger LOG = LoggerFactory.getLogger(BlockListPoller.class);

  private final PolledBlockList blockList;
  private final Duration period;
  private final Runnable afterRefresh;
  private volatile @Nullable ScheduledExecutorService executor;

  /** Creates a poller; nothing runs until {@link #start()}. */
  public BlockListPoller(PolledBlockList blockList, Duration period) {
    this(blockList, period, () -> {});
  }

  /**
   * Creates a poller that runs {@code afterRefresh} after each refresh, in the background (also
   * after the one at start, without delaying it); nothing runs until {@link #start()}.
   */
  public BlockListPoller(PolledBlockList blockList, Duration period, Runnable afterRefresh) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("skein.storage.blocklist-poll must be > 0, was " + period);
    }
    this.blockList = blockList;
    this.period = period;
    this.afterRefresh = afterRefresh;
  }

  @Override
  public void start() {
    blockList.refresh();
    ScheduledExecutorService e =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("skein-blocklist-poll").daemon().unstarted(r));
    e.execute(this::afterRefresh);
    e.scheduleWithFixedDelay(
        this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    executor = e;
  }

  private void refresh() {
    try {
      blockList.refresh();
    } catch (RuntimeException ex) {
      LOG.warn("block list refresh failed; retrying in {}", period, ex);
      return;
    }
    afterRefresh();
  }

  private void afterRefresh() {
    try {
      afterRefresh.run();
    } catch (RuntimeException ex) {
      LOG.warn("work after the block list refresh failed; retrying in {}", period, ex);
    }
  }

  @Override
  public CheckResult check() {
    return CheckResult.OK;
  }

  @Override
  public void close() {
    ScheduledExecutorService e = executor;
    if (e != null) {
      e.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "BlockListPoller{period=" + period + ", " + blockList + "}";
  }
}
