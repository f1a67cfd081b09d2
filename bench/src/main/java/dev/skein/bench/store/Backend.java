package dev.skein.bench.store;

import dev.skein.querier.QuerierConfig;
import dev.skein.storage.backend.CachingObjectStoreConfig;
import dev.skein.storage.backend.ObjectStore;

/**
 * One place the benchmark queries, with the settings every stack over it uses.
 *
 * @param name {@code local} or {@code s3}, also the metrics' backend tag
 * @param provider the raw store, shared by every stack and closed by the caller
 * @param cache the object-store cache settings
 * @param querier the querier settings
 */
record Backend(
    String name, ObjectStore provider, CachingObjectStoreConfig cache, QuerierConfig querier) {

  /** A new stack with cold caches. */
  QueryStack fresh() {
    return new QueryStack(provider, name, cache, querier);
  }
}
