package dev.skein.ingester.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaConfigTest {

  /** Defaults, except that nothing talks to the brokers at start. */
  static KafkaConfig withoutTopicCreation(String servers) {
    return KafkaConfig.builder(servers).createTopic(false).build();
  }

  @Test
  void constructor_severalInvalidValues_listsEveryOne() {
    assertThatThrownBy(
            () ->
                new KafkaConfig(
                    " ",
                    "spans",
                    0,
                    (short) 0,
                    true,
                    "brotli",
                    Duration.ZERO,
                    1,
                    Duration.ofSeconds(1),
                    "g",
                    Duration.ZERO,
                    1,
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("skein.kafka.bootstrap-servers must be set")
        .hasMessageContaining("skein.kafka.partitions must be >= 1, was 0")
        .hasMessageContaining("skein.kafka.replication-factor")
        .hasMessageContaining("skein.kafka.compression must be one of")
        .hasMessageContaining("skein.kafka.commit-interval must be > 0");
  }

  @Test
  void producerProperties_defaults_acksAllIdempotentCompressed() {
    Map<String, Object> p = KafkaSpanSink.producerProperties(KafkaConfig.defaults("k:9092"));
    assertThat(p)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    int delivery = (int) p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    int linger = (int) p.get(ProducerConfig.LINGER_MS_CONFIG);
    int request = (int) p.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    assertThat(delivery).isGreaterThanOrEqualTo(linger + request);
  }
}
