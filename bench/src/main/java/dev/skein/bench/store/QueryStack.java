package dev.skein.bench.store;

import dev.skein.querier.QuerierConfig;
import dev.skein.querier.blocks.BlockReaders;
import dev.skein.querier.blocks.BlockSearchSource;
import dev.skein.querier.blocks.BlockTraceSource;
import dev.skein.querier.blocks.TenantBloomIndex;
import dev.skein.querier.search.SearchEngine;
import dev.skein.querier.trace.TraceByIdQuery;
import dev.skein.storage.backend.CachingObjectStore;
import dev.skein.storage.backend.CachingObjectStoreConfig;
import dev.skein.storage.backend.MeteredObjectStore;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.tenant.PolledBlockList;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The querier's read path over one object store, wired as the server wires it (see the server's
 * {@code ObjectStores} and {@code QueryConfiguration}): provider, then {@link MeteredObjectStore}
 * (so only real requests count), then {@link CachingObjectStore}; a {@link PolledBlockList} reading
 * the tenant index; a {@link TenantBloomIndex} over the uncached store; one {@link BlockReaders}
 * shared by {@link TraceByIdQuery} and {@link SearchEngine}. A new stack has cold caches (no
 * reader, no cached object): that is what "cold" means in the benchmark. The provider is shared and
 * not closed here.
 */
final class QueryStack implements AutoCloseable {

  /** The benchmark's dataset is older than the server's default stale limit: accept its index. */
  private static final Duration INDEX_AGE = Duration.ofDays(365_000);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CachingObjectStore cache;
  private final PolledBlockList blockList;
  private final BlockReaders readers;
  private final TenantBloomIndex blooms;
  private final TraceByIdQuery traceById;
  private final SearchEngine search;
  private final ReadMeter meter;

  QueryStack(
      ObjectStore provider, String backend, CachingObjectStoreConfig cacheConfig, QuerierConfig q) {
    ObjectStore metered = new MeteredObjectStore(provider, registry, backend);
    this.cache = new CachingObjectStore(metered, cacheConfig);
    this.blockList = new PolledBlockList(cache, INDEX_AGE, Clock.systemUTC());
    this.meter = new ReadMeter(registry);
    blockList.refresh();
    this.readers = BlockReaders.ofMaxBytes(cache, BlockReaders.DEFAULT_MAX_BYTES);
    // as the server: the bloom index reads past the object cache; a new stack has it unloaded
    this.blooms = new TenantBloomIndex(metered);
    this.traceById =
        new TraceByIdQuery(List.of(new BlockTraceSource(blockList, readers, blooms)), q);
    this.search = new SearchEngine(List.of(new BlockSearchSource(blockList, readers)), q);
  }

  /** Loads every tenant's bloom index now, as the server does after each block-list poll. */
  void preloadBlooms() {
    blooms.refresh(blockList.tenants());
  }

  PolledBlockList blockList() {
    return blockList;
  }

  TraceByIdQuery traceById() {
    return traceById;
  }

  SearchEngine search() {
    return search;
  }

  ReadMeter meter() {
    return meter;
  }

  CachingObjectStore cache() {
    return cache;
  }

  /** Closes readers and query executors; leaves the shared provider open. */
  @Override
  public void close() {
    traceById.close();
    search.close();
    readers.close();
    registry.close();
  }
}
