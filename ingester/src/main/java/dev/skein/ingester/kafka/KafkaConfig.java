package dev.skein.ingester.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the Kafka path between distributors and ingesters; defaults live here once, as {@code
 * DEFAULT_*} constants. The compact constructor lists every invalid value at once.
 *
 * @param bootstrapServers comma-separated host:port list of Kafka brokers; required
 * @param topic the topic carrying spans
 * @param partitions partitions of the topic when Skein creates it; the upper bound of useful
 *     ingesters
 * @param replicationFactor replicas of each partition when Skein creates the topic; -1 takes the
 *     broker's default
 * @param createTopic whether distributors and ingesters create the topic at start when it is
 *     missing
 * @param compression producer compression: none, gzip, snappy, lz4 or zstd
 * @param linger how long the producer waits to fill a batch
 * @param batchBytes the producer's batch size per partition
 * @param deliveryTimeout how long the producer retries a record before the push fails with 503
 * @param consumerGroup the consumer group every ingester joins
 * @param commitInterval how often an ingester flushes what it consumed into blocks in the object
 *     store and then commits the offsets; bounds how much a crashed ingester's successor re-reads
 * @param maxPollRecords most records one poll returns
 * @param clientProperties extra Kafka client properties (security, SASL, ...) applied to producer,
 *     consumer and admin client; they override Skein's choices
 */
public record KafkaConfig(
    String bootstrapServers,
    String topic,
    int partitions,
    short replicationFactor,
    boolean createTopic,
    String compression,
    Duration linger,
    int batchBytes,
    Duration deliveryTimeout,
    String consumerGroup,
    Duration commitInterval,
    int maxPollRecords,
    Map<String, String> clientProperties) {

  /** "skein-spans". */
  public static final String DEFAULT_TOPIC = "skein-spans";

  /** 16 partitions: up to 16 ingesters share the work. */
  public static final int DEFAULT_PARTITIONS = 16;

  /** -1: the broker's default.replication.factor. */
  public static final short DEFAULT_REPLICATION_FACTOR = -1;

  /** Create the topic when missing. */
  public static final boolean DEFAULT_CREATE_TOPIC = true;

  /** lz4: see docs/performance.md for the lz4/zstd measurement. */
  public static final String DEFAULT_COMPRESSION = "lz4";

  /** 5 ms, Kafka's own default. */
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

  /** 256 KiB per partition batch. */
  public static final int DEFAULT_BATCH_BYTES = 256 * 1024;

  /** 30 s: a client gets 503 after this, well within OTLP exporters' retry budget. */
  public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);

  /** "skein-ingesters". */
  public static final String DEFAULT_CONSUMER_GROUP = "skein-ingesters";

  /** 30 s. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(30);

  /** 2000 records per poll. */
  public static final int DEFAULT_MAX_POLL_RECORDS = 2000;

  private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

  /** Validates every value, naming the property; all problems in one message. */
  public KafkaConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(consumerGroup, "consumerGroup");
    clientProperties = Map.copyOf(clientProperties);
    List<String> problems = new ArrayList<>();
    if (bootstrapServers.isBlank()) {
      problems.add("skein.kafka.bootstrap-servers must be set (host:port of the Kafka brokers)");
    }
    if (topic.isBlank()) {
      problems.add("skein.kafka.topic must not be empty");
    }
    if (partitions < 1) {
      problems.add("skein.kafka.partitions must be >= 1, was " + partitions);
    }
    if (replicationFactor < -1 || replicationFactor == 0) {
      problems.add("skein.kafka.replication-factor must be >= 1 or -1, was " + replicationFactor);
    }
    if (!COMPRESSIONS.contains(compression)) {
      problems.add(
          "skein.kafka.compression must be one of "
              + COMPRESSIONS.stream().sorted().toList()
              + ", was '"
              + compression
              + "'");
    }
    nonNegative(problems, "linger", linger);
    positive(problems, "delivery-timeout", deliveryTimeout);
    positive(problems, "commit-interval", commitInterval);
    if (batchBytes < 1) {
      problems.add("skein.kafka.batch-bytes must be >= 1, was " + batchBytes);
    }
    if (consumerGroup.isBlank()) {
      problems.add("skein.kafka.consumer-group must not be empty");
    }
    if (maxPollRecords < 1) {
      problems.add("skein.kafka.max-poll-records must be >= 1, was " + maxPollRecords);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** Every default, with the given brokers. */
  public static KafkaConfig defaults(String bootstrapServers) {
    return builder(bootstrapServers).build();
  }

  /** A builder starting from every default, with the given brokers. */
  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** Builds a {@link KafkaConfig} from the defaults; not thread-safe. */
  public static final class Builder {
    private final String bootstrapServers;
    private String topic = DEFAULT_TOPIC;
    private int partitions = DEFAULT_PARTITIONS;
    private short replicationFactor = DEFAULT_REPLICATION_FACTOR;
    private boolean createTopic = DEFAULT_CREATE_TOPIC;
    private String compression = DEFAULT_COMPRESSION;
    private String consumerGroup = DEFAULT_CONSUMER_GROUP;
    private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;

    private Builder(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    /** Sets the topic. */
    public Builder topic(String value) {
      this.topic = value;
      return this;
    }

    /** Sets the partitions of a created topic. */
    public Builder partitions(int value) {
      this.partitions = value;
      return this;
    }

    /** Sets the replication factor of a created topic. */
    public Builder replicationFactor(short value) {
      this.replicationFactor = value;
      return this;
    }

    /** Sets whether the topic is created when missing. */
    public Builder createTopic(boolean value) {
      this.createTopic = value;
      return this;
    }

    /** Sets the producer compression. */
    public Builder compression(String value) {
      this.compression = value;
      return this;
    }

    /** Sets the consumer group. */
    public Builder consumerGroup(String value) {
      this.consumerGroup = value;
      return this;
    }

    /** Sets the flush-and-commit interval. */
    public Builder commitInterval(Duration value) {
      this.commitInterval = value;
      return this;
    }

    /** The validated config. */
    public KafkaConfig build() {
      return new KafkaConfig(
          bootstrapServers,
          topic,
          partitions,
          replicationFactor,
          createTopic,
          compression,
          DEFAULT_LINGER,
          DEFAULT_BATCH_BYTES,
          DEFAULT_DELIVERY_TIMEOUT,
          consumerGroup,
          commitInterval,
          DEFAULT_MAX_POLL_RECORDS,
          Map.of());
    }
  }

  private static void positive(List<String> problems, String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      problems.add("skein.kafka." + name + " must be > 0, was " + d);
    }
  }

  private static void nonNegative(List<String> problems, String name, Duration d) {
    if (d == null || d.isNegative()) {
      problems.add("skein.kafka." + name + " must be >= 0, was " + d);
    }
  }
}
