package dev.skein.bench.kafka;

import dev.skein.ingester.flush.ObjectStoreBlockCompleter;
import dev.skein.ingester.kafka.KafkaConfig;
import dev.skein.ingester.kafka.KafkaIngestConsumer;
import dev.skein.ingester.live.Ingester;
import dev.skein.ingester.live.IngesterConfig;
import dev.skein.ingester.wal.WalConfig;
import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.tenant.PolledBlockList;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One ingester process of the scaling check: the real {@link Ingester} (WAL, live traces, block
 * completion into a local object store) fed by the real {@link KafkaIngestConsumer}. Runs until
 * killed; prints {@code started} once consuming.
 *
 * <p>Arguments: bootstrap servers, topic, consumer group, data directory, shared block directory.
 */
public final class IngesterProcess {

  private IngesterProcess() {}

  public static void main(String[] args) throws Exception {
    String servers = args[0];
    String topic = args[1];
    String group = args[2];
    Path data = Path.of(args[3]);
    Path blocks = Path.of(args[4]);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LocalObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(blocks));
    Ingester ingester =
        new Ingester(
            IngesterConfig.defaults(WalConfig.defaults(data.resolve("wal"))),
            meters,
            System::nanoTime,
            new ObjectStoreBlockCompleter(
                store,
                new PolledBlockList(store),
                BlockConfig.defaults(),
                data.resolve("work"),
                meters));
    ingester.start();
    KafkaConfig config =
        KafkaConfig.builder(servers)
            .topic(topic)
            .createTopic(false)
            .consumerGroup(group)
            .commitInterval(Duration.ofSeconds(2))
            .build();
    KafkaIngestConsumer consumer =
        new KafkaIngestConsumer(config, ingester, ingester::flushToStore, meters);
    consumer.start();
    System.out.println("started");
    System.out.flush();
    Thread.currentThread().join();
  }
}
