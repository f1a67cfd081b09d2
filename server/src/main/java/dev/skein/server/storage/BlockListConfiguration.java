package dev.skein.server.storage;

import dev.skein.querier.blocks.TenantBloomIndex;
import dev.skein.server.config.SkeinProperties;
import dev.skein.storage.backend.CachingObjectStore;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.tenant.PolledBlockList;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Provides the process's {@link PolledBlockList} (tenant indexes, with listing as the fallback) and
 * the component that refreshes it every {@code skein.storage.blocklist-poll}.
 */
@Configuration(proxyBeanMethods = false)
public class BlockListConfiguration {

  @Bean
  PolledBlockList blockList(ObjectStore store) {
    // the tenant index is rewritten by the compactor, another process in scale-out mode: poll it
    // past the cache, or this process would see a copy up to the cache's expiry old
    return new PolledBlockList(store instanceof CachingObjectStore c ? c.uncached() : store);
  }

  /** Refreshes the block list; closed by the component registry only. */
  @Bean(destroyMethod = "")
  BlockListPoller blockListPoller(
      PolledBlockList blockList,
      SkeinProperties properties,
      ObjectProvider<TenantBloomIndex> blooms) {
    // when this process queries, preload each tenant's bloom index after every poll
    return new BlockListPoller(
        blockList,
        properties.getStorage().getBlocklistPoll(),
        () -> blooms.ifAvailable(b -> b.refresh(blockList.tenants())));
  }
}
