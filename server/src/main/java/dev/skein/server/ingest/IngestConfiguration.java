package dev.skein.server.ingest;

import dev.skein.common.OverCapacityException;
import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.distributor.SpanSink;
import dev.skein.ingester.flush.ObjectStoreBlockCompleter;
import dev.skein.ingester.kafka.KafkaConfig;
import dev.skein.ingester.kafka.KafkaIngestConsumer;
import dev.skein.ingester.kafka.KafkaSpanSink;
import dev.skein.ingester.live.BlockCompleter;
import dev.skein.ingester.live.Ingester;
import dev.skein.querier.remote.IngesterQueryService;
import dev.skein.querier.search.SearchSource;
import dev.skein.querier.tags.TagSource;
import dev.skein.querier.tags.TraceListTagSource;
import dev.skein.querier.trace.TraceLookup;
import dev.skein.querier.trace.TraceSource;
import dev.skein.server.config.InvalidConfigException;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the ingest path for the targets that ask for it: the ingester (INGESTER), the distributor
 * (DISTRIBUTOR) and the OTLP receivers (RECEIVERS). Components are declared with {@code
 * destroyMethod = ""} so only the component registry closes them, receivers before the ingester.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  DistributorProperties.class,
  IngesterProperties.class,
  KafkaProperties.class,
  OverridesProperties.class
})
public class IngestConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(IngestConfiguration.class);

  @Bean(destroyMethod = "")
  @ConditionalOnComponent(ComponentId.INGESTER)
  Ingester ingester(
      IngesterProperties ingest,
      OverridesProperties overrides,
      SkeinProperties skein,
      MeterRegistry meters,
      ObjectStore store,
      BlockList blocks,
      DistributorProperties distributor,
      java.util.Set<ComponentId> components) {
    if (!components.contains(ComponentId.DISTRIBUTOR) && !distributor.kafkaSink()) {
      LOG.warn(
          "this process runs an ingester without a distributor and skein.distributor.sink is"
              + " inprocess: it receives no spans; set skein.distributor.sink=kafka on every"
              + " process for scale-out mode");
    }
    checkCompleteBlockTimeout(
        ingest.getCompleteBlockTimeout(), skein.getStorage().getBlocklistPoll());
    BlockCompleter completer =
        new ObjectStoreBlockCompleter(
            store,
            blocks,
            BlockConfig.defaults(),
            Path.of(skein.getDataDir(), "flush-work"),
            meters);
    return new Ingester(
        ingest.toConfig(skein.getDataDir()),
        overrides.toConfig(),
        meters,
        System::nanoTime,
        completer);
  }

  /**
   * A flushed block must stay queryable on the ingester until every querier has polled the block
   * list once more; 0 opts out (every querier shares this process's block list).
   *
   * @throws IllegalArgumentException when the timeout is shorter than one poll period
   */
  static void checkCompleteBlockTimeout(Duration timeout, Duration blocklistPoll) {
    if (!timeout.isZero() && timeout.compareTo(blocklistPoll) < 0) {
      throw new IllegalArgumentException(
          "skein.ingester.complete-block-timeout ("
              + timeout
              + ") must be at least skein.storage.blocklist-poll ("
              + blocklistPoll
              + ") or 0: a querier polling the block list would otherwise miss recently flushed"
              + " traces");
    }
  }

  /**
   * Scale-out mode: this ingester consumes the Kafka topic as a member of the ingesters' consumer
   * group. Declared right after the ingester so it starts after it and closes before it.
   */
  @Bean(destroyMethod = "")
  @ConditionalOnComponent(ComponentId.INGESTER)
  @ConditionalOnProperty(name = "skein.distributor.sink", havingValue = "kafka")
  KafkaIngestConsumer kafkaIngestConsumer(
      Ingester ingester, KafkaProperties kafka, MeterRegistry meters) {
    return new KafkaIngestConsumer(kafkaConfig(kafka), ingester, ingester::flushToStore, meters);
  }

  /** Scale-out mode: the distributor produces to the Kafka topic. */
  @Bean(destroyMethod = "")
  @ConditionalOnComponent(ComponentId.DISTRIBUTOR)
  @ConditionalOnProperty(name = "skein.distributor.sink", havingValue = "kafka")
  KafkaSpanSink kafkaSpanSink(KafkaProperties kafka, MeterRegistry meters) {
    return new KafkaSpanSink(kafkaConfig(kafka), meters);
  }

  private static KafkaConfig kafkaConfig(KafkaProperties kafka) {
    // validated at startup (ConfigValidator); brokers are required in this mode
    return kafka
        .toConfig()
        .orElseThrow(
            () ->
                new InvalidConfigException(
                    List.of(
                        "skein.kafka.bootstrap-servers must be set when skein.distributor.sink"
                            + " is kafka")));
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

  /**
   * The ingester query API for queriers in other processes; not started when this process also runs
   * the querier, which then reads the ingester in-process.
   */
  @Bean(destroyMethod = "")
  @ConditionalOnComponent(value = ComponentId.INGESTER, unless = ComponentId.QUERIER)
  IngesterQueryServer ingesterQueryServer(
      IngesterProperties ingest,
      SkeinProperties skein,
      List<TraceSource> traces,
      List<SearchSource> searches,
      List<TagSource> tags) {
    IngesterQueryService service =
        new IngesterQueryService(
            traces, searches, tags, skein.isMultitenancyEnabled(), Long.MAX_VALUE);
    return new IngesterQueryServer(service, ingest.getQueryGrpcPort());
  }

  @Bean
  @ConditionalOnComponent(ComponentId.DISTRIBUTOR)
  Distributor distributor(
      DistributorProperties properties,
      OverridesProperties overrides,
      SkeinProperties skein,
      ObjectProvider<Ingester> ingester,
      ObjectProvider<KafkaSpanSink> kafka,
      MeterRegistry meters) {
    SpanSink sink = kafka.getIfAvailable();
    if (sink == null) {
      sink = ingester.getIfAvailable();
    }
    if (sink == null) {
      LOG.warn(
          "this process runs the distributor without an ingester and skein.distributor.sink is"
              + " inprocess, so every push is refused with 503; set skein.distributor.sink=kafka");
      sink =
          (tenant, traces) ->
              CompletableFuture.failedFuture(
                  new OverCapacityException(
                      "no ingester in this process (skein.target=distributor needs"
                          + " skein.distributor.sink=kafka)",
                      false,
                      Duration.ofSeconds(30)));
    }
    DistributorConfig config =
        properties.toConfig().withMultitenancy(skein.isMultitenancyEnabled());
    return new Distributor(config, overrides.toConfig(), sink, meters, System::nanoTime);
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
