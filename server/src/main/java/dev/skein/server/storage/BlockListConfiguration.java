package dev.skein.server.storage;

import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import dev.skein.server.config.SkeinProperties;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.tenant.PolledBlockList;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The tenants' block lists, refreshed from the object store every skein.storage.blocklist-poll. */
@Configuration(proxyBeanMethods = false)
public class BlockListConfiguration {

  @Bean
  PolledBlockList blockList(ObjectStore store) {
    return new PolledBlockList(store);
  }

  @Bean(destroyMethod = "")
  BlockListRefresher blockListRefresher(PolledBlockList blockList, SkeinProperties properties) {
    return new BlockListRefresher(blockList, properties.getStorage().getBlocklistPoll());
  }

  /** Refreshes the block list at start (before the process reports ready) and then periodically. */
  static final class BlockListRefresher implements Component {

    private static final Logger LOG = LoggerFactory.getLogger(BlockListRefresher.class);

    private final PolledBlockList blockList;
    private final Duration period;
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("blocklist-poll").daemon().unstarted(r));
    private volatile CheckResult health = CheckResult.failed("block list not read yet");

    BlockListRefresher(PolledBlockList blockList, Duration period) {
      this.blockList = blockList;
      this.period = period;
    }

    @Override
    public void start() {
      refresh();
      timer.scheduleWithFixedDelay(
          this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh() {
      try {
        long t0 = System.nanoTime();
        blockList.refresh();
        health = CheckResult.OK;
        LOG.debug("block list refreshed in {} ms", (System.nanoTime() - t0) / 1_000_000);
      } catch (RuntimeException e) {
        health = CheckResult.failed("block list refresh failed: " + e.getMessage());
        LOG.warn("block list refresh failed; retrying in {}", period, e);
      }
    }

    @Override
    public CheckResult check() {
      return health;
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }

    @Override
    public String toString() {
      return "BlockListRefresher{period=" + period + ", " + blockList + "}";
    }
  }
}
