package dev.skein.server.query;

import dev.skein.querier.QuerierConfig;
import dev.skein.querier.analysis.AnalysisConfig;
import dev.skein.querier.analysis.TraceAnalyzer;
import dev.skein.querier.blocks.BlockReaders;
import dev.skein.querier.blocks.BlockSearchSource;
import dev.skein.querier.blocks.BlockTagSource;
import dev.skein.querier.blocks.BlockTraceSource;
import dev.skein.querier.blocks.TenantBloomIndex;
import dev.skein.querier.remote.IngesterDiscovery;
import dev.skein.querier.remote.RemoteIngesters;
import dev.skein.querier.search.SearchEngine;
import dev.skein.querier.search.SearchSource;
import dev.skein.querier.tags.TagSource;
import dev.skein.querier.tags.TagsEngine;
import dev.skein.querier.trace.TraceByIdQuery;
import dev.skein.querier.trace.TraceSource;
import dev.skein.server.target.ComponentId;
import dev.skein.server.target.ConditionalOnComponent;
import dev.skein.storage.backend.CachingObjectStore;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.tenant.BlockList;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the querier when the target runs it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnComponent(ComponentId.QUERIER)
public class QueryConfiguration {

  static final String BLOOM_INDEX_BLOCKS = "skein.querier.bloom.index.blocks";
  static final String BLOOM_INDEX_BYTES = "skein.querier.bloom.index.bytes";

  @Bean(destroyMethod = "close")
  BlockReaders blockReaders(ObjectStore store) {
    return BlockReaders.ofMaxBytes(store, BlockReaders.DEFAULT_MAX_BYTES);
  }

  /**
   * Each tenant's bloom index, read past the object cache (the compactor rewrites it in place) and
   * preloaded after every block-list poll.
   */
  @Bean
  TenantBloomIndex tenantBloomIndex(ObjectStore store, MeterRegistry registry) {
    TenantBloomIndex index =
        new TenantBloomIndex(store instanceof CachingObjectStore c ? c.uncached() : store);
    verdictCounter(registry, index, "ruled_out", TenantBloomIndex::ruledOut);
    verdictCounter(registry, index, "may_hold", TenantBloomIndex::mayHold);
    verdictCounter(registry, index, "uncovered", TenantBloomIndex::uncovered);
    Gauge.builder(BLOOM_INDEX_BYTES, index, TenantBloomIndex::cachedBytes)
        .description("Bytes of tenant bloom index partitions held in memory")
        .baseUnit("bytes")
        .register(registry);
    return index;
  }

  private static void verdictCounter(
      MeterRegistry registry,
      TenantBloomIndex index,
      String verdict,
      ToDoubleFunction<TenantBloomIndex> count) {
    FunctionCounter.builder(BLOOM_INDEX_BLOCKS, index, count)
        .description(
            "Blocks of trace lookups the tenant bloom index ruled out, let through, or could not"
                + " answer for (read through their own bloom shard)")
        .tag("verdict", verdict)
        .register(registry);
  }

  @Bean
  BlockTraceSource blockTraceSource(
      BlockList blocks, BlockReaders readers, TenantBloomIndex blooms) {
    return new BlockTraceSource(blocks, readers, blooms);
  }

  @Bean
  BlockSearchSource blockSearchSource(BlockList blocks, BlockReaders readers) {
    return new BlockSearchSource(blocks, readers);
  }

  @Bean
  BlockTagSource blockTagSource(BlockList blocks, BlockReaders readers) {
    return new BlockTagSource(blocks, readers);
  }

  /**
   * The ingesters of other processes (skein.querier.ingesters) as a trace, search and tag source;
   * asks none when the list is empty.
   */
  @Bean(destroyMethod = "close")
  RemoteIngesters remoteIngesters(QuerierProperties properties, QuerierConfig config) {
    IngesterDiscovery discovery =
        IngesterDiscovery.of(properties.getIngesters(), properties.getIngesterRefreshInterval());
    int maxMessageBytes =
        (int) Math.min(Integer.MAX_VALUE, Math.max(64L << 20, config.maxTraceBytes() + (1 << 20)));
    return RemoteIngesters.plaintext(
        discovery, properties.getIngesterTimeout(), config.queryConcurrency(), maxMessageBytes);
  }

  @Bean
  QuerierConfig querierConfig(QuerierProperties properties) {
    return properties.toConfig();
  }

  /** Search over every {@link SearchSource} bean: the ingesters and the backend blocks. */
  @Bean(destroyMethod = "close")
  SearchEngine searchEngine(ObjectProvider<SearchSource> sources, QuerierConfig config) {
    return new SearchEngine(sources.orderedStream().toList(), config);
  }

  /** Tag names and values over every {@link TagSource} bean. */
  @Bean
  TagsEngine tagsEngine(ObjectProvider<TagSource> sources) {
    return new TagsEngine(sources.orderedStream().toList());
  }

  /** Trace by id over every {@link TraceSource} bean: the ingesters and the backend blocks. */
  @Bean(destroyMethod = "close")
  TraceByIdQuery traceByIdQuery(ObjectProvider<TraceSource> sources, QuerierConfig config) {
    return new TraceByIdQuery(sources.orderedStream().toList(), config);
  }

  @Bean
  AnalysisConfig analysisConfig(AnalysisProperties properties) {
    return properties.toConfig();
  }

  /** Trace analysis for {@code /api/v2/traces/{id}/analysis}. */
  @Bean
  TraceAnalyzer traceAnalyzer(AnalysisConfig config) {
    return new TraceAnalyzer(config);
  }
}
