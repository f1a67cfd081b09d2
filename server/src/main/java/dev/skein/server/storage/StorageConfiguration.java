package dev.skein.server.storage;

import dev.skein.server.config.ConfigReport;
import dev.skein.server.config.SkeinProperties;
import dev.skein.storage.backend.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Provides the process's {@link ObjectStore} bean from {@code skein.storage.*}: {@code local} (a
 * directory, {@link SkeinProperties#localStoreRoot()}) or {@code s3}, with Micrometer metrics and
 * the in-memory cache around it. The bean is closed when the context shuts down.
 */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(StorageConfiguration.class);

  /**
   * The object store. Depends on the validated {@link ConfigReport} so that invalid storage
   * settings are reported all together before any store is built.
   */
  @Bean(destroyMethod = "close")
  ObjectStore objectStore(
      SkeinProperties properties, MeterRegistry meterRegistry, ConfigReport validated) {
    ObjectStore store = ObjectStores.create(properties, meterRegistry);
    LOG.info("object store: {}", store);
    return store;
  }
}
