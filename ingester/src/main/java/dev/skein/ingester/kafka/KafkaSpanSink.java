package dev.skein.ingester.kafka;

import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import dev.skein.common.OverCapacityException;
import dev.skein.ingester.distributor.PushResult;
import dev.skein.ingester.distributor.SpanSink;
import dev.skein.ingester.distributor.TraceBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SpanSink} of scale-out mode: one Kafka record per trace of a push (see {@link
 * SpanRecords}), produced idempotently with {@code acks=all}. A push completes only once Kafka
 * acknowledged every one of its records; if any record fails the push fails with a retryable {@link
 * OverCapacityException} (503/UNAVAILABLE), so the client resends. Records of that push which did
 * reach Kafka are then stored twice, and span-id dedupe at query and compaction time removes the
 * copies: nothing acknowledged is lost, nothing is dropped silently.
 *
 * <p>Thread-safe: the Kafka producer is shared by all receiver threads.
 */
public final class KafkaSpanSink implements SpanSink, Component {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSpanSink.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final KafkaConfig config;
  private final Function<KafkaConfig, Producer<byte[], byte[]>> producerFactory;
  private final Counter records;
  private final Counter failures;
  private final AtomicReference<@Nullable String> lastError = new AtomicReference<>();
  private volatile @Nullable Producer<byte[], byte[]> producer;
  private volatile boolean closed;

  /**
   * Creates the sink; does no I/O.
   *
   * @param config validated settings
   * @param meters where the record counters are registered
   */
  public KafkaSpanSink(KafkaConfig config, MeterRegistry meters) {
    this(config, meters, KafkaSpanSink::newProducer);
  }

  /** For tests: with a producer of the caller's (for example Kafka's {@code MockProducer}). */
  KafkaSpanSink(
      KafkaConfig config,
      MeterRegistry meters,
      Function<KafkaConfig, Producer<byte[], byte[]>> producerFactory) {
    this.config = Objects.requireNonNull(config, "config");
    this.producerFactory = Objects.requireNonNull(producerFactory, "producerFactory");
    this.records =
        Counter.builder("skein.kafka.produced.records")
            .description("Trace records Kafka acknowledged")
            .register(meters);
    this.failures =
        Counter.builder("skein.kafka.produce.failures")
            .description("Trace records Kafka did not acknowledge; their push got 503")
            .register(meters);
  }

  /** The producer settings: idempotent, acks=all, compressed, bounded delivery time. */
  static Map<String, Object> producerProperties(KafkaConfig config) {
    long deliveryMs = config.deliveryTimeout().toMillis();
    long lingerMs = config.linger().toMillis();
    // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
    long requestMs = Math.max(1, Math.min(30_000, deliveryMs - lingerMs));
    return Map.of(
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.COMPRESSION_TYPE_CONFIG,
        config.compression(),
        ProducerConfig.LINGER_MS_CONFIG,
        (int) lingerMs,
        ProducerConfig.BATCH_SIZE_CONFIG,
        config.batchBytes(),
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) deliveryMs,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) requestMs,
        // a push must not block a receiver thread for long when Kafka is away
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        (int) Math.min(deliveryMs, 10_000));
  }

  private static Producer<byte[], byte[]> newProducer(KafkaConfig config) {
    return new KafkaProducer<>(
        KafkaClients.base(config, "skein-distributor", producerProperties(config)),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  @Override
  public void start() {
    if (config.createTopic()) {
      KafkaClients.ensureTopic(config);
    }
    producer = producerFactory.apply(config);
    LOG.info("producing spans to {}", this);
  }

  @Override
  public CompletableFuture<PushResult> push(String tenant, List<TraceBatch> traces) {
    Producer<byte[], byte[]> p = producer;
    if (p == null || closed) {
      return CompletableFuture.failedFuture(
          new OverCapacityException(
              "the Kafka span sink is " + (closed ? "closed" : "not started"), false, RETRY_AFTER));
    }
    CompletableFuture<?>[] acks = new CompletableFuture<?>[traces.size()];
    for (int i = 0; i < traces.size(); i++) {
      TraceBatch b = traces.get(i);
      CompletableFuture<Void> ack = new CompletableFuture<>();
      acks[i] = ack;
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(
              config.topic(), SpanRecords.key(tenant, b.traceId()), b.tracesData());
      try {
        p.send(
            record,
            (metadata, error) -> {
              if (error == null) {
                records.increment();
                ack.complete(null);
              } else {
                failed(ack, error);
              }
            });
      } catch (RuntimeException e) {
        // send() throws when metadata is unavailable within max.block.ms or the record is invalid
        failed(ack, e);
      }
    }
    return CompletableFuture.allOf(acks).thenApply(v -> PushResult.ACCEPTED);
  }

  private void failed(CompletableFuture<Void> ack, Throwable error) {
    failures.increment();
    String message = error.getClass().getSimpleName() + ": " + error.getMessage();
    if (!message.equals(lastError.getAndSet(message))) {
      LOG.warn("Kafka did not acknowledge a span record; the push gets 503", error);
    }
    OverCapacityException e =
        new OverCapacityException(
            "Kafka did not acknowledge the spans (topic " + config.topic() + "): " + message,
            false,
            RETRY_AFTER);
    e.initCause(error);
    ack.completeExceptionally(e);
  }

  @Override
  public CheckResult check() {
    if (closed) {
      return CheckResult.failed("Kafka span sink is closed");
    }
    return producer == null ? CheckResult.failed("Kafka span sink not started") : CheckResult.OK;
  }

  @Override
  public void close() {
    closed = true;
    Producer<byte[], byte[]> p = producer;
    if (p != null) {
      // records in flight still get their acknowledgement (or failure) before the producer stops
      p.close(config.deliveryTimeout());
    }
  }

  @Override
  public String toString() {
    return "KafkaSpanSink{bootstrapServers="
        + config.bootstrapServers()
        + ", topic="
        + config.topic()
        + ", compression="
        + config.compression()
        + ", acks=all, idempotent}";
  }
}
