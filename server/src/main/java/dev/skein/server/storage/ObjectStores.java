package dev.skein.server.storage;

import dev.skein.server.config.SkeinProperties;
import dev.skein.storage.backend.CachingObjectStore;
import dev.skein.storage.backend.CachingObjectStoreConfig;
import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.backend.MeteredObjectStore;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.backend.S3Config;
import dev.skein.storage.backend.S3ObjectStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;

/**
 * Builds the object store from validated properties: the provider, wrapped in metrics (so they
 * count real requests, cache misses only), wrapped in the cache. Plain Java, no Spring, so it is
 * tested without a context. Stateless.
 */
final class ObjectStores {

  /** Name of the cache hit counter. */
  static final String CACHE_HITS = "skein.objectstore.cache.hits";

  /** Name of the cache miss counter. */
  static final String CACHE_MISSES = "skein.objectstore.cache.misses";

  /** Name of the gauge of cached bytes. */
  static final String CACHE_BYTES = "skein.objectstore.cache.bytes";

  private ObjectStores() {}

  /** The decorated store for {@code properties}; does no I/O. */
  static ObjectStore create(SkeinProperties properties, MeterRegistry registry) {
    String backend = properties.getStorage().getBackend();
    ObjectStore provider =
        backend.equals("s3")
            ? new S3ObjectStore(s3Config(properties.getStorage().getS3()))
            : new LocalObjectStore(LocalObjectStoreConfig.of(properties.localStoreRoot()));
    ObjectStore metered = new MeteredObjectStore(provider, registry, backend);
    CachingObjectStoreConfig cacheConfig = cacheConfig(properties.getStorage().getCache());
    if (cacheConfig.maxBytes() == 0) {
      return metered;
    }
    CachingObjectStore cached = new CachingObjectStore(metered, cacheConfig);
    FunctionCounter.builder(CACHE_HITS, cached, CachingObjectStore::hits)
        .description("Object store reads answered from the in-memory cache")
        .register(registry);
    FunctionCounter.builder(CACHE_MISSES, cached, CachingObjectStore::misses)
        .description("Object store reads the cache passed on to the store")
        .register(registry);
    Gauge.builder(CACHE_BYTES, cached, CachingObjectStore::cachedBytes)
        .description("Bytes held by the object store cache")
        .baseUnit("bytes")
        .register(registry);
    return cached;
  }

  /** The S3 config for {@code s3}; empty strings mean "not set". */
  static S3Config s3Config(SkeinProperties.S3 s3) {
    String secret = s3.getSecretKey();
    boolean staticKeys = !s3.getAccessKey().isBlank();
    return S3Config.builder(s3.getBucket())
        .endpoint(s3.getEndpoint().isBlank() ? null : URI.create(s3.getEndpoint()))
        .region(s3.getRegion())
        .prefix(s3.getPrefix())
        .pathStyle(s3.isPathStyle())
        .credentials(staticKeys ? s3.getAccessKey() : null, staticKeys ? secret : null)
        .connectTimeout(s3.getConnectTimeout())
        .readTimeout(s3.getReadTimeout())
        .maxRetries(s3.getMaxRetries())
        .multipartThresholdBytes(s3.getMultipartThresholdBytes())
        .partSizeBytes(s3.getPartSizeBytes())
        .build();
  }

  /** The cache config for {@code cache}. */
  static CachingObjectStoreConfig cacheConfig(SkeinProperties.Cache cache) {
    return new CachingObjectStoreConfig(
        cache.getMaxBytes(), cache.getMaxEntryBytes(), cache.getExpireAfterWrite());
  }
}
