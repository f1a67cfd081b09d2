package dev.skein.ingester.kafka;

import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import dev.skein.common.OverCapacityException;
import dev.skein.ingester.distributor.PushResult;
import dev.skein.ingester.distributor.SpanSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester side of scale-out mode: one consumer in the consumer group of all ingesters, feeding
 * each record into the local ingester. Runs one thread, which owns the Kafka consumer.
 *
 * <p><b>Offsets</b> are committed only once the consumed records are in blocks in the object store:
 * every {@code commitInterval} (and when partitions are revoked, and at close) the thread asks the
 * ingester to flush everything it holds ({@code flush}); only when that reports every block durable
 * are the offsets of everything pushed so far committed. Until then a crash loses nothing: another
 * ingester of the group re-reads from the last commit, and span-id dedupe at query and compaction
 * time removes the spans read twice.
 *
 * <p><b>Poison records</b> (a key or value {@link SpanRecords#decode} refuses, or a trace over the
 * ingester's per-trace limit) are logged, counted in {@code skein_kafka_consumed_skipped_total} and
 * skipped, so they never block a partition. <b>Back-pressure</b>: when the ingester refuses with
 * {@link OverCapacityException} (live traces over budget), the thread flushes and retries the same
 * records; nothing is skipped for capacity.
 *
 * <p>Thread-safe: {@link #check()} and {@link #close()} may be called from any thread.
 */
public final class KafkaIngestConsumer implements Component {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaIngestConsumer.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

  private final KafkaConfig config;
  private final SpanSink ingester;
  private final BooleanSupplier flush;
  private final LongSupplier nanoTime;
  private final Function<KafkaConfig, Consumer<byte[], byte[]>> consumerFactory;
  private final Counter consumed;
  private final Counter skipped;
  private final Counter commits;
  private final Counter flushFailures;

  /** Next offset per partition of everything pushed into the ingester and not yet committed. */
  private final Map<TopicPartition, Long> pending = new HashMap<>();

  private volatile @Nullable Thread thread;
  private volatile @Nullable Consumer<byte[], byte[]> consumer;
  private volatile boolean closing;
  private volatile @Nullable Throwable failure;
  private long lastCommitNanos;

  /**
   * Creates the consumer; does no I/O.
   *
   * @param config validated settings
   * @param ingester where records go (the local ingester)
   * @param flush cuts and completes everything the ingester holds; true when all of it is durable
   *     in the object store
   * @param meters where the counters are registered
   */
  public KafkaIngestConsumer(
      KafkaConfig config, SpanSink ingester, BooleanSupplier flush, MeterRegistry meters) {
    this(config, ingester, flush, meters, System::nanoTime, KafkaIngestConsumer::newConsumer);
  }

  /** For tests: with a clock and a consumer of the caller's (e.g. Kafka's {@code MockConsumer}). */
  KafkaIngestConsumer(
      KafkaConfig config,
      SpanSink ingester,
      BooleanSupplier flush,
      MeterRegistry meters,
      LongSupplier nanoTime,
      Function<KafkaConfig, Consumer<byte[], byte[]>> consumerFactory) {
    this.config = Objects.requireNonNull(config, "config");
    this.ingester = Objects.requireNonNull(ingester, "ingester");
    this.flush = Objects.requireNonNull(flush, "flush");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.consumerFactory = Objects.requireNonNull(consumerFactory, "consumerFactory");
    this.consumed =
        Counter.builder("skein.kafka.consumed.records")
            .description("Trace records consumed from Kafka into this ingester")
            .register(meters);
    this.skipped =
        Counter.builder("skein.kafka.consumed.skipped")
            .description("Records skipped: undecodable (poison) or refused by the ingester limits")
            .register(meters);
    this.commits =
        Counter.builder("skein.kafka.offset.commits")
            .description("Offset commits after the consumed records were flushed to blocks")
            .register(meters);
    this.flushFailures =
        Counter.builder("skein.kafka.flush.failures")
            .description("Flushes before a commit that left blocks not yet durable")
            .register(meters);
  }

  static Map<String, Object> consumerProperties(KafkaConfig config) {
    return Map.of(
        ConsumerConfig.GROUP_ID_CONFIG,
        config.consumerGroup(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
        config.maxPollRecords(),
        // a flush to the object store runs inside the poll loop; give it time before the group
        // declares this ingester dead
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        (int) Math.max(300_000, config.commitInterval().toMillis() * 4),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed");
  }

  private static Consumer<byte[], byte[]> newConsumer(KafkaConfig config) {
    String id = "skein-ingester-" + ProcessHandle.current().pid();
    return new KafkaConsumer<>(
        KafkaClients.base(config, id, consumerProperties(config)),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  @Override
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("Kafka consumer already started");
    }
    if (config.createTopic()) {
      KafkaClients.ensureTopic(config);
    }
    Consumer<byte[], byte[]> c = consumerFactory.apply(config);
    consumer = c;
    thread = Thread.ofPlatform().name("skein-kafka-consumer").start(() -> run(c));
    LOG.info("consuming spans: {}", this);
  }

  private void run(Consumer<byte[], byte[]> c) {
    try {
      c.subscribe(List.of(config.topic()), new Rebalance());
      lastCommitNanos = nanoTime.getAsLong();
      while (!closing) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = c.poll(POLL);
        } catch (WakeupException e) {
          break;
        }
        if (!ingest(records)) {
          break; // closing while records were waiting: they stay uncommitted and are re-read
        }
        if (nanoTime.getAsLong() - lastCommitNanos >= config.commitInterval().toNanos()) {
          flushAndCommit(c, "interval");
        }
      }
      finalCommit(c);
    } catch (WakeupException e) {
      // close() during a commit or rebalance: what is not committed is re-read by the group
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.error("Kafka consumer stopped; this ingester no longer ingests", e);
    } finally {
      try {
        c.close(Duration.ofSeconds(10));
      } catch (RuntimeException e) {
        LOG.warn("closing the Kafka consumer failed", e);
      }
    }
  }

  /**
   * Pushes one poll's records into the ingester and waits until they are in its WAL.
   *
   * @return false when closing interrupted it (the records are then not marked pending)
   */
  boolean ingest(ConsumerRecords<byte[], byte[]> records) {
    if (records.isEmpty()) {
      return true;
    }
    PollBatch batch = new PollBatch();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      try {
        batch.add(SpanRecords.decode(r.key(), r.value()));
      } catch (IllegalArgumentException e) {
        skipped.increment();
        LOG.warn(
            "skipping poison record {}-{}@{}: {}",
            r.topic(),
            r.partition(),
            r.offset(),
            e.getMessage());
      }
    }
    for (Map.Entry<String, PollBatch.Tenant> e : batch.tenants().entrySet()) {
      if (!pushUntilAccepted(e.getKey(), e.getValue())) {
        return false;
      }
    }
    consumed.increment(records.count());
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
      pending.put(tp, rs.get(rs.size() - 1).offset() + 1);
    }
    return true;
  }

  private boolean pushUntilAccepted(String tenant, PollBatch.Tenant traces) {
    while (!closing) {
      CompletableFuture<PushResult> pushed;
      try {
        pushed = ingester.push(tenant, traces.batches());
        PushResult result = pushed.get();
        for (PushResult.Refusal r : result.refused()) {
          skipped.increment();
          LOG.warn(
              "skipping {} spans of trace {} (tenant {}) from Kafka: {}",
              r.spans(),
              r.traceId(),
              tenant,
              r.detail());
        }
        return true;
      } catch (OverCapacityException e) {
        backOff(tenant, e);
      } catch (ExecutionException e) {
        backOff(tenant, e.getCause() == null ? e : e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private void backOff(String tenant, Throwable cause) {
    LOG.warn(
        "the ingester refused records of tenant {}: {}; flushing and retrying",
        tenant,
        cause.getMessage());
    flush.getAsBoolean();
    try {
      Thread.sleep(RETRY_BACKOFF.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
    }
  }

  private void finalCommit(Consumer<byte[], byte[]> c) {
    try {
      flushAndCommit(c, "shutdown");
    } catch (WakeupException e) {
      // close() woke the consumer while it was not polling; the wake-up is spent now, so the
      // commit goes through on the second try
      flushAndCommit(c, "shutdown");
    }
  }

  /** Flushes the ingester and, when all of it is durable, commits everything pushed so far. */
  private void flushAndCommit(Consumer<byte[], byte[]> c, String why) {
    lastCommitNanos = nanoTime.getAsLong();
    if (pending.isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    if (!flush.getAsBoolean()) {
      flushFailures.increment();
      LOG.warn(
          "not committing Kafka offsets ({}): some blocks are not in the object store yet; the next"
              + " flush retries",
          why);
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    pending.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next)));
    c.commitSync(offsets);
    pending.clear();
    commits.increment();
    LOG.info(
        "committed Kafka offsets of {} partitions after flushing to the object store ({}, {} ms)",
        offsets.size(),
        why,
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** Partitions changing hands: commit what is durable before another ingester takes over. */
  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      Consumer<byte[], byte[]> c = consumer;
      if (c != null && partitions.stream().anyMatch(pending::containsKey)) {
        try {
          flushAndCommit(c, "partitions revoked");
        } catch (RuntimeException e) {
          LOG.warn("commit on revocation failed; the new owner re-reads from the last commit", e);
        }
      }
      partitions.forEach(pending::remove);
      LOG.info("partitions revoked: {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // not ours any more: no commit possible; the new owner re-reads, dedupe removes duplicates
      partitions.forEach(pending::remove);
      LOG.warn("partitions lost: {}", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LOG.info("partitions assigned: {}", partitions);
    }
  }

  @Override
  public CheckResult check() {
    Throwable f = failure;
    if (f != null) {
      return CheckResult.failed("Kafka consumer stopped: " + f);
    }
    Thread t = thread;
    return t != null && t.isAlive()
        ? CheckResult.OK
        : CheckResult.failed("Kafka consumer not running");
  }

  @Override
  public void close() {
    closing = true;
    Thread t = thread;
    if (t == null) {
      return;
    }
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      t.join(Duration.ofSeconds(60).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "KafkaIngestConsumer{bootstrapServers="
        + config.bootstrapServers()
        + ", topic="
        + config.topic()
        + ", group="
        + config.consumerGroup()
        + ", commitInterval="
        + config.commitInterval()
        + "}";
  }
}
