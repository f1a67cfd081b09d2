package dev.skein.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.server.config.SkeinProperties;
import dev.skein.storage.backend.CachingObjectStore;
import dev.skein.storage.backend.CachingObjectStoreConfig;
import dev.skein.storage.backend.MeteredObjectStore;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.backend.S3Config;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoresTest {

  @TempDir Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void create_localDefaults_cachedAndMeteredStoreUnderLocalRoot() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().getLocal().setPath(dir.toString());
    try (ObjectStore store = ObjectStores.create(p, registry)) {
      assertThat(store).isInstanceOf(CachingObjectStore.class);
      assertThat(store.toString()).contains("MeteredObjectStore").contains(dir.toString());
      store.put("t/b/meta.json", new byte[] {1});
      store.get("t/b/meta.json");
      store.get("t/b/meta.json");
      assertThat(registry.get(ObjectStores.CACHE_BYTES).gauge().value()).isPositive();
    }
    assertThat(dir.resolve("t/b/meta.json")).exists();
    assertThat(
            registry
                .get(MeteredObjectStore.REQUESTS)
                .tags("backend", "local", "op", "get", "outcome", "success")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.get(ObjectStores.CACHE_HITS).functionCounter().count()).isEqualTo(1);
  }

  @Test
  void create_cacheOff_meteredStoreOnly() {
    SkeinProperties p = new SkeinProperties();
    p.getStorage().getLocal().setPath(dir.toString());
    p.getStorage().getCache().setMaxBytes(0);
    try (ObjectStore store = ObjectStores.create(p, registry)) {
      assertThat(store).isInstanceOf(MeteredObjectStore.class);
    }
    assertThat(registry.find(ObjectStores.CACHE_HITS).functionCounter()).isNull();
  }

  @Test
  void s3Config_everyPropertyMapped() {
    SkeinProperties.S3 s3 = new SkeinProperties().getStorage().getS3();
    s3.setEndpoint("http://127.0.0.1:9000");
    s3.setRegion("eu-west-1");
    s3.setBucket("traces");
    s3.setPrefix("prod");
    s3.setPathStyle(true);
    s3.setAccessKey("AKIA");
    s3.setSecretKey("hunter2");
    s3.setConnectTimeout(Duration.ofSeconds(2));
    s3.setReadTimeout(Duration.ofSeconds(9));
    s3.setMaxRetries(7);
    s3.setMultipartThresholdBytes(10L << 20);
    s3.setPartSizeBytes(6L << 20);
    assertThat(ObjectStores.s3Config(s3))
        .isEqualTo(
            new S3Config(
                URI.create("http://127.0.0.1:9000"),
                "eu-west-1",
                "traces",
                "prod/",
                true,
                "AKIA",
                "hunter2",
                Duration.ofSeconds(2),
                Duration.ofSeconds(9),
                7,
                10L << 20,
                6L << 20));
    assertThat(ObjectStores.s3Config(s3).toString()).doesNotContain("hunter2");
  }

  @Test
  void cacheConfig_defaults_matchTheRecordDefaults() {
    assertThat(ObjectStores.cacheConfig(new SkeinProperties().getStorage().getCache()))
        .isEqualTo(CachingObjectStoreConfig.defaults());
  }

  /**
   * SkeinProperties repeats the record defaults as literals for the config metadata: keep them in
   * step.
   */
  @Test
  void s3Config_defaults_useDefaultChainAndAwsEndpoint() {
    SkeinProperties.S3 s3 = new SkeinProperties().getStorage().getS3();
    s3.setBucket("traces");
    S3Config config = ObjectStores.s3Config(s3);
    assertThat(config.endpoint()).isNull();
    assertThat(config.hasStaticCredentials()).isFalse();
    assertThat(config)
        .isEqualTo(S3Config.builder("traces").build())
        .extracting(S3Config::maxRetries)
        .isEqualTo(S3Config.DEFAULT_MAX_RETRIES);
  }
}
