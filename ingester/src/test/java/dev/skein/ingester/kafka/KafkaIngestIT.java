package dev.skein.ingester.kafka;

import static dev.skein.testkit.OtlpSpans.hex;
import static dev.skein.testkit.OtlpSpans.request;
import static dev.skein.testkit.OtlpSpans.span;
import static dev.skein.testkit.OtlpSpans.spanHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.flush.ObjectStoreBlockCompleter;
import dev.skein.ingester.live.BlockCompleter;
import dev.skein.ingester.live.Ingester;
import dev.skein.ingester.live.IngesterConfig;
import dev.skein.ingester.wal.WalConfig;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.testkit.EmbeddedKafka;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka path against a real broker (in-process KRaft): distributor → {@link KafkaSpanSink} →
 * topic → {@link KafkaIngestConsumer} → ingester → blocks in the object store, with offsets
 * committed only once the blocks are durable.
 */
class KafkaIngestIT {

  static EmbeddedKafka kafka;

  @TempDir Path dir;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final InMemoryObjectStore store = new InMemoryObjectStore();
  final PolledBlockList blocks = new PolledBlockList(store);
  final List<AutoCloseable> open = new ArrayList<>();
  KafkaConfig config;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @org.junit.jupiter.api.BeforeEach
  void topic(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    config =
        KafkaConfig.builder(kafka.bootstrapServers())
            .topic("spans-" + name.hashCode())
            .partitions(4)
            .replicationFactor((short) 1)
            .consumerGroup("group-" + name.hashCode())
            .commitInterval(Duration.ofMillis(500))
            .build();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  Ingester ingester(String name, BlockCompleter completer) {
    IngesterConfig config = IngesterConfig.defaults(WalConfig.defaults(dir.resolve(name + "-wal")));
    Ingester i = new Ingester(config, meters, System::nanoTime, completer);
    i.start();
    open.add(i);
    return i;
  }

  BlockCompleter toStore(String name) {
    return new ObjectStoreBlockCompleter(
        store, blocks, BlockConfig.defaults(), dir.resolve(name + "-work"), meters);
  }

  KafkaIngestConsumer consumer(Ingester ingester, BooleanSupplier flush) {
    KafkaIngestConsumer c = new KafkaIngestConsumer(config, ingester, flush, meters);
    c.start();
    open.add(c);
    return c;
  }

  Distributor distributor() {
    KafkaSpanSink sink = new KafkaSpanSink(config, meters);
    sink.start();
    open.add(sink);
    return new Distributor(DistributorConfig.defaults(), sink, meters, System::nanoTime);
  }

  /** Sends {@code traces} traces of two spans each; returns once Kafka acknowledged them all. */
  static void send(Distributor d, int from, int traces) throws Exception {
    for (int t = from; t < from + traces; t++) {
      var r =
          request("svc", List.of(span(hex(t), spanHex(1), "root"), span(hex(t), spanHex(2), "db")));
      assertThat(
              d.export("single-tenant", r, r.getSerializedSize())
                  .get(30, TimeUnit.SECONDS)
                  .rejectedSpans())
          .isZero();
    }
  }

  @Test
  void distributorToIngester_offsetsCommittedAfterBlocksStored_everySpanInStore() throws Exception {
    Ingester ingester = ingester("a", toStore("a"));
    consumer(ingester, ingester::flushToStore);
    Distributor d = distributor();

    send(d, 1, 40);
    awaitCommittedToEnd();

    Map<TraceId, Integer> spans = spansInStore();
    assertThat(spans).hasSize(40);
    assertThat(spans.values()).containsOnly(2);
    assertThat(meters.counter("skein.kafka.offset.commits").count()).isPositive();
  }

  @Test
  void poisonRecords_skippedAndCounted_laterRecordsStillIngested() throws Exception {
    Ingester ingester = ingester("a", toStore("a"));
    consumer(ingester, ingester::flushToStore);
    Distributor d = distributor();
    send(d, 1, 5);
    try (KafkaProducer<byte[], byte[]> raw = rawProducer()) {
      raw.send(new ProducerRecord<>(config.topic(), new byte[] {1, 2}, new byte[] {3})).get();
      raw.send(
              new ProducerRecord<>(
                  config.topic(),
                  SpanRecords.key("single-tenant", TraceId.parseHex(hex(99))),
                  new byte[] {(byte) 0xff, (byte) 0xff}))
          .get();
    }
    send(d, 6, 5);
    awaitCommittedToEnd();

    assertThat(spansInStore()).hasSize(10).doesNotContainKey(TraceId.parseHex(hex(99)));
    assertThat(meters.counter("skein.kafka.consumed.skipped").count()).isEqualTo(2);
  }

  @Test
  void blocksNotStored_offsetsNotCommitted_successorRereadsEverything() throws Exception {
    // the first ingester consumes into its WAL but cannot reach the object store: it must not
    // commit, so after it dies another ingester of the group reads the same records again
    BlockCompleter unreachable =
        (tenant, id, traces) -> {
          throw new IOException("object store unreachable");
        };
    Ingester first = ingester("first", unreachable);
    KafkaIngestConsumer firstConsumer = consumer(first, first::flushToStore);
    Distributor d = distributor();
    send(d, 1, 20);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (meters.counter("skein.kafka.flush.failures").count() < 2) {
      assertThat(System.nanoTime()).as("first ingester never tried to flush").isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(committed()).isEmpty();
    firstConsumer.close();

    Ingester second = ingester("second", toStore("second"));
    consumer(second, second::flushToStore);
    awaitCommittedToEnd();

    Map<TraceId, Integer> spans = spansInStore();
    assertThat(spans).hasSize(20);
    assertThat(spans.values()).containsOnly(2);
  }

  KafkaProducer<byte[], byte[]> rawProducer() {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  Map<TopicPartition, Long> committed() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(config.consumerGroup())
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> out = new HashMap<>();
      offsets.forEach((tp, o) -> out.put(tp, o.offset()));
      return out;
    }
  }

  Map<TopicPartition, Long> endOffsets() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < config.partitions(); p++) {
        request.put(new TopicPartition(config.topic(), p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> out = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach(
              (tp, info) -> {
                if (info.offset() > 0) {
                  out.put(tp, info.offset());
                }
              });
      return out;
    }
  }

  void awaitCommittedToEnd() throws Exception {
    Map<TopicPartition, Long> end = endOffsets();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!committed().entrySet().containsAll(end.entrySet())) {
      assertThat(System.nanoTime())
          .as("offsets %s never committed up to %s", committed(), end)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** Span count per trace over every block in the store (duplicates counted). */
  Map<TraceId, Integer> spansInStore() throws Exception {
    Map<TraceId, Integer> spans = new HashMap<>();
    for (BlockMeta meta : blocks.blocks("single-tenant")) {
      var reader = BlockFormats.forVersion(meta.format()).openReader(store, meta);
      for (int t = 1; t <= 100; t++) {
        TraceId id = TraceId.parseHex(hex(t));
        var found = reader.findTrace(id);
        if (found.isPresent()) {
          Trace trace = found.get();
          spans.merge(id, trace.spanCount(), Integer::sum);
        }
      }
    }
    return spans;
  }
}
