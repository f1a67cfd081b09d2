package dev.skein.ingester.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Client properties shared by producer, consumer and admin client, and topic creation. */
final class KafkaClients {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

  private KafkaClients() {}

  /** The common properties: brokers, client id, then the operator's extra properties on top. */
  static Properties base(KafkaConfig config, String clientId, Map<String, Object> ours) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    p.putAll(ours);
    p.putAll(config.clientProperties());
    return p;
  }

  /**
   * Creates the topic when it is missing and {@code createTopic} is on; otherwise only checks that
   * it exists.
   *
   * @throws IllegalStateException when the topic is missing and may not be created, or the brokers
   *     cannot be reached
   */
  static void ensureTopic(KafkaConfig config) {
    try (Admin admin = Admin.create(base(config, "skein-admin", Map.of()))) {
      boolean exists =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(config.topic());
      if (exists) {
        return;
      }
      if (!config.createTopic()) {
        throw new IllegalStateException(
            "Kafka topic "
                + config.topic()
                + " does not exist and skein.kafka.create-topic is false");
      }
      NewTopic topic =
          new NewTopic(
              config.topic(),
              Optional.of(config.partitions()),
              config.replicationFactor() == -1
                  ? Optional.empty()
                  : Optional.of(config.replicationFactor()));
      try {
        admin.createTopics(java.util.List.of(topic)).all().get(30, TimeUnit.SECONDS);
        LOG.info("created Kafka topic {} with {} partitions", config.topic(), config.partitions());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka at "
              + config.bootstrapServers()
              + " to check topic "
              + config.topic()
              + ": "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Kafka topic", e);
    }
  }
}
