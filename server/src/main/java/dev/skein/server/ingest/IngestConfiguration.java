package dev.skein.server.ingest;

import dev.skein.common.OverCapacityException;
import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.distributor.SpanSink;
import dev.skein.ingester.flush.ObjectStoreBlockCompleter;
import dev.skein.ingester.live.BlockCompleter;
import dev.skein.ingester.live.Ingester;
import dev.skein.querier.search.SearchSource;
import dev.skein.querier.tags.TagSource;
import dev.skein.querier.tags.TraceListTagSource;
import dev.skein.querier.trace.TraceLookup;
import dev.skein.querier.trace.TraceSource;
import dev.skein.server.config.SkeinProperties;
import dev.skein.server.security.TenantTokens;
import dev.skein.server.target.ComponentId;
import dev.skein.server.target.ConditionalOnComponent;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.tenant.BlockList;
import dev.skein.trace.Trace;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the ingest path for the targets that ask for it: the ingester (INGESTER), the distributor
 * (DISTRIBUTOR) and the OTLP receivers (RECEIVERS). Components are declared with {@code
 * destroyMethod = ""} so only the component registry closes them, receivers before the ingester.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DistributorProperties.class, IngesterProperties.class})
public class IngestConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(IngestConfiguration.class);

  @Bean(destroyMethod = "")
  @ConditionalOnComponent(ComponentId.INGESTER)
  Ingester ingester(
      IngesterProperties ingest,
      SkeinProperties skein,
      MeterRegistry meters,
      ObjectStore store,
      BlockList blocks) {
    BlockCompleter completer =
        new ObjectStoreBlockCompleter(
            store,
            blocks,
            BlockConfig.defaults(),
            Path.of(skein.getDataDir(), "flush-work"),
            meters);
    return new Ingester(ingest.toConfig(skein.getDataDir()), meters, System::nanoTime, completer);
  }

  /**
   * The ingester as a source for trace-by-id: recent data (live traces, head and cut blocks) is
   * found through the query API as soon as it was acknowledged.
   */
  @Bean
  @ConditionalOnComponent(ComponentId.INGESTER)
  TraceSource ingesterTraceSource(Ingester ingester) {
    return (tenant, traceId, window) ->
        List.of(
            new TraceLookup() {
              @Override
              public String describe() {
                return "ingester (live traces and WAL-backed blocks)";
              }

              @Override
              public Result find() {
                Optional<Trace> part = ingester.findTraceById(tenant, traceId);
                long bytes =
                    part.map(
                            t ->
                                t.resourceSpans().stream()
                                    .mapToLong(rs -> rs.getSerializedSize())
                                    .sum())
                        .orElse(0L);
                return new Result(part, bytes);
              }
            });
  }

  /** The ingester as a source for search: its recent data, matched trace by trace. */
  @Bean
  @ConditionalOnComponent(ComponentId.INGESTER)
  SearchSource ingesterSearchSource(Ingester ingester) {
    return (tenant, plan) -> List.of(new IngesterSearchJob(ingester, tenant, plan));
  }

  /**
   * The ingester as a source of tag names and values: recent data, which is all Grafana's
   * autocomplete sees when it sends no time window.
   */
  @Bean
  @ConditionalOnComponent(ComponentId.INGESTER)
  TagSource ingesterTagSource(Ingester ingester) {
    return new TraceListTagSource(
        tenant -> {
          List<Trace> traces = new java.util.ArrayList<>();
          ingester.forEachTrace(tenant, traces::add);
          return traces;
        });
  }

  @Bean
  @ConditionalOnComponent(ComponentId.DISTRIBUTOR)
  Distributor distributor(
      DistributorProperties properties,
      SkeinProperties skein,
      ObjectProvider<Ingester> ingester,
      MeterRegistry meters) {
    SpanSink sink = ingester.getIfAvailable();
    if (sink == null) {
      LOG.warn(
          "this process runs the distributor without an ingester; the Kafka span sink of the"
              + " scale-out issue is not built yet, so every push is refused with 503");
      sink =
          (tenant, traces) ->
              CompletableFuture.failedFuture(
                  new OverCapacityException(
                      "no ingester in this process (skein.target=distributor needs the scale-out"
                          + " span sink)",
                      false,
                      Duration.ofSeconds(30)));
    }
    DistributorConfig config =
        properties.toConfig().withMultitenancy(skein.isMultitenancyEnabled());
    return new Distributor(config, sink, meters, System::nanoTime);
  }

  @Bean(destroyMethod = "")
  @ConditionalOnComponent(ComponentId.RECEIVERS)
  OtlpGrpcReceiver otlpGrpcReceiver(
      Distributor distributor, DistributorProperties properties, TenantTokens tokens) {
    return new OtlpGrpcReceiver(distributor, properties.getOtlpGrpcPort(), tokens);
  }

  @Bean(destroyMethod = "")
  @ConditionalOnComponent(ComponentId.RECEIVERS)
  OtlpHttpReceiver otlpHttpReceiver(
      Distributor distributor, DistributorProperties properties, TenantTokens tokens) {
    return new OtlpHttpReceiver(distributor, properties.getOtlpHttpPort(), tokens);
  }
}
