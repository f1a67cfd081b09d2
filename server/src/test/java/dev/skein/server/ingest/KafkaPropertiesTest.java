package dev.skein.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.ingester.kafka.KafkaConfig;
import dev.skein.server.config.ConfigValidator;
import dev.skein.server.config.SkeinProperties;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaPropertiesTest {

  @Test
  void toConfig_noBrokers_emptyAndValid() {
    assertThat(new KafkaProperties().toConfig()).isEmpty();
    assertThat(
            ConfigValidator.validate(
                    new SkeinProperties(),
                    List.of(new DistributorProperties(), new KafkaProperties()))
                .problems())
        .isEmpty();
  }

  @Test
  void toConfig_brokersSet_moduleDefaults() {
    KafkaProperties k = new KafkaProperties();
    k.setBootstrapServers("kafka:9092");
    assertThat(k.toConfig()).contains(KafkaConfig.defaults("kafka:9092"));
  }

  @Test
  void validate_kafkaSinkWithoutBrokers_problemNamesBothProperties() {
    DistributorProperties d = new DistributorProperties();
    d.setSink("kafka");
    assertThat(
            ConfigValidator.validate(new SkeinProperties(), List.of(d, new KafkaProperties()))
                .problems())
        .containsExactly(
            "skein.kafka.bootstrap-servers must be set when skein.distributor.sink is kafka");
  }

  @Test
  void validate_unknownSinkAndBadKafkaValues_allListedEvenWithoutBrokers() {
    DistributorProperties d = new DistributorProperties();
    d.setSink("rabbit");
    KafkaProperties k = new KafkaProperties();
    k.setCompression("brotli");
    k.setPartitions(0);
    assertThat(ConfigValidator.validate(new SkeinProperties(), List.of(d, k)).problems())
        .containsExactly(
            "skein.distributor.sink must be one of inprocess, kafka, was 'rabbit'",
            "skein.kafka.partitions must be >= 1, was 0; skein.kafka.compression must be one of"
                + " [gzip, lz4, none, snappy, zstd], was 'brotli'");
  }
}
