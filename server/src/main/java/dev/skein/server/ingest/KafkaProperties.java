package dev.skein.server.ingest;

import dev.skein.ingester.kafka.KafkaConfig;
import dev.skein.server.config.ModuleProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code skein.kafka.*}: the Kafka topic between distributors and ingesters in scale-out mode
 * ({@code skein.distributor.sink=kafka}). Defaults are the module's {@code DEFAULT_*} constants.
 */
@ConfigurationProperties("skein.kafka")
public class KafkaProperties implements ModuleProperties {

  /**
   * Comma-separated host:port list of Kafka brokers. Required when skein.distributor.sink is kafka.
   */
  private String bootstrapServers = "";

  /** Topic carrying the spans, one record per trace of each push. */
  private String topic = KafkaConfig.DEFAULT_TOPIC;

  /**
   * Partitions when Skein creates the topic; at most this many ingesters share the work. The topic
   * is partitioned by tenant and trace id.
   */
  private int partitions = KafkaConfig.DEFAULT_PARTITIONS;

  /** Replicas per partition when Skein creates the topic; -1 takes the broker's default. */
  private short replicationFactor = KafkaConfig.DEFAULT_REPLICATION_FACTOR;

  /** Whether distributors and ingesters create the topic at start when it is missing. */
  private boolean createTopic = KafkaConfig.DEFAULT_CREATE_TOPIC;

  /** Producer compression: none, gzip, snappy, lz4 or zstd. */
  private String compression = KafkaConfig.DEFAULT_COMPRESSION;

  /** How long the producer waits to fill a batch before sending it. */
  private Duration linger = KafkaConfig.DEFAULT_LINGER;

  /** Producer batch size per partition, in bytes. */
  private int batchBytes = KafkaConfig.DEFAULT_BATCH_BYTES;

  /**
   * How long the producer retries a record; past it the push fails and the client gets 503 /
   * UNAVAILABLE (retryable).
   */
  private Duration deliveryTimeout = KafkaConfig.DEFAULT_DELIVERY_TIMEOUT;

  /** Consumer group that every ingester joins; Kafka balances the partitions among them. */
  private String consumerGroup = KafkaConfig.DEFAULT_CONSUMER_GROUP;

  /**
   * How often an ingester flushes what it consumed into blocks in the object store and then commits
   * its offsets. Bounds what a crashed ingester's successor reads again (and the age of the
   * smallest blocks the compactor merges).
   */
  private Duration commitInterval = KafkaConfig.DEFAULT_COMMIT_INTERVAL;

  /** Most records one consumer poll returns. */
  private int maxPollRecords = KafkaConfig.DEFAULT_MAX_POLL_RECORDS;

  /**
   * Extra Kafka client properties for producer, consumer and admin client (for example
   * security.protocol, sasl.*, ssl.*); they override Skein's choices.
   */
  private Map<String, String> clientProperties = new LinkedHashMap<>();

  /**
   * The Kafka config when brokers are configured. Without brokers the other values are still
   * validated (so a typo fails startup whatever the mode) and the result is empty.
   */
  @Override
  public Optional<KafkaConfig> toConfig() {
    KafkaConfig config = build(bootstrapServers.isBlank() ? "unset:9092" : bootstrapServers);
    return bootstrapServers.isBlank() ? Optional.empty() : Optional.of(config);
  }

  private KafkaConfig build(String servers) {
    return new KafkaConfig(
        servers,
        topic,
        partitions,
        replicationFactor,
        createTopic,
        compression,
        linger,
        batchBytes,
        deliveryTimeout,
        consumerGroup,
        commitInterval,
        maxPollRecords,
        clientProperties);
  }

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public int getPartitions() {
    return partitions;
  }

  public void setPartitions(int partitions) {
    this.partitions = partitions;
  }

  public short getReplicationFactor() {
    return replicationFactor;
  }

  public void setReplicationFactor(short replicationFactor) {
    this.replicationFactor = replicationFactor;
  }

  public boolean isCreateTopic() {
    return createTopic;
  }

  public void setCreateTopic(boolean createTopic) {
    this.createTopic = createTopic;
  }

  public String getCompression() {
    return compression;
  }

  public void setCompression(String compression) {
    this.compression = compression;
  }

  public Duration getLinger() {
    return linger;
  }

  public void setLinger(Duration linger) {
    this.linger = linger;
  }

  public int getBatchBytes() {
    return batchBytes;
  }

  public void setBatchBytes(int batchBytes) {
    this.batchBytes = batchBytes;
  }

  public Duration getDeliveryTimeout() {
    return deliveryTimeout;
  }

  public void setDeliveryTimeout(Duration deliveryTimeout) {
    this.deliveryTimeout = deliveryTimeout;
  }

  public String getConsumerGroup() {
    return consumerGroup;
  }

  public void setConsumerGroup(String consumerGroup) {
    this.consumerGroup = consumerGroup;
  }

  public Duration getCommitInterval() {
    return commitInterval;
  }

  public void setCommitInterval(Duration commitInterval) {
    this.commitInterval = commitInterval;
  }

  public int getMaxPollRecords() {
    return maxPollRecords;
  }

  public void setMaxPollRecords(int maxPollRecords) {
    this.maxPollRecords = maxPollRecords;
  }

  public Map<String, String> getClientProperties() {
    return clientProperties;
  }

  public void setClientProperties(Map<String, String> clientProperties) {
    this.clientProperties = clientProperties;
  }
}
