package dev.skein.server.config;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code skein.*} setting. Each has one default, written here (or in the module's config
 * record it feeds); docs/configuration.md lists them all and a test keeps the two in step.
 */
@ConfigurationProperties("skein")
public class SkeinProperties {

  /**
   * Components this process runs: all, distributor, ingester, querier, compactor. A comma list runs
   * several.
   */
  private String target = "all";

  /**
   * Directory for all local state (write-ahead log, blocks being built, local object store).
   * Relative paths resolve against the working directory.
   */
  private String dataDir = "./data";

  /**
   * Whether requests must carry X-Scope-OrgID. When false every request belongs to the tenant
   * "single-tenant".
   */
  private boolean multitenancyEnabled = false;

  private final Server server = new Server();
  private final Storage storage = new Storage();

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getDataDir() {
    return dataDir;
  }

  public void setDataDir(String dataDir) {
    this.dataDir = dataDir;
  }

  public boolean isMultitenancyEnabled() {
    return multitenancyEnabled;
  }

  public void setMultitenancyEnabled(boolean multitenancyEnabled) {
    this.multitenancyEnabled = multitenancyEnabled;
  }

  /** The local object store's root: skein.storage.local.path, or "blocks" under skein.data-dir. */
  public Path localStoreRoot() {
    String path = storage.getLocal().getPath();
    return (path.isBlank() ? Path.of(dataDir, "blocks") : Path.of(path))
        .toAbsolutePath()
        .normalize();
  }

  public Server getServer() {
    return server;
  }

  public Storage getStorage() {
    return storage;
  }

  /** The HTTP API listener. */
  public static class Server {

    /** Port of the HTTP API (Tempo-compatible query API, /ready, /metrics). 0 picks a free port. */
    private int httpListenPort = 3200;

    public int getHttpListenPort() {
      return httpListenPort;
    }

    public void setHttpListenPort(int httpListenPort) {
      this.httpListenPort = httpListenPort;
    }
  }

  /** Where blocks are stored. */
  public static class Storage {

    /** Object store for blocks: "local" (a directory, the embedded default) or "s3". */
    private String backend = "local";

    /**
     * How often every process re-reads the block list (the tenant index the compactor writes, or a
     * listing of the bucket when there is none). Use the same value everywhere.
     */
    private Duration blocklistPoll = Duration.ofMinutes(5);

    private final Local local = new Local();
    private final S3 s3 = new S3();
    private final Cache cache = new Cache();

    public String getBackend() {
      return backend;
    }

    public void setBackend(String backend) {
      this.backend = backend;
    }

    public Duration getBlocklistPoll() {
      return blocklistPoll;
    }

    public void setBlocklistPoll(Duration blocklistPoll) {
      this.blocklistPoll = blocklistPoll;
    }

    public Local getLocal() {
      return local;
    }

    public S3 getS3() {
      return s3;
    }

    public Cache getCache() {
      return cache;
    }
  }

  /** The in-memory cache in front of the object store, for small hot objects and ranges. */
  public static class Cache {

    /** Byte budget of the object cache (bloom shards, footers, indexes); 0 turns it off. */
    private long maxBytes = 268_435_456L; // 256 MiB

    /** Largest object or range the cache keeps; bigger reads always go to the object store. */
    private int maxEntryBytes = 4_194_304; // 4 MiB

    /**
     * How long a cached entry is served. Bounds staleness when another process rewrites an object
     * (the compactor's tenant index in scale-out mode); this process's own writes invalidate at
     * once.
     */
    private Duration expireAfterWrite = Duration.ofMinutes(10);

    public long getMaxBytes() {
      return maxBytes;
    }

    public void setMaxBytes(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    public int getMaxEntryBytes() {
      return maxEntryBytes;
    }

    public void setMaxEntryBytes(int maxEntryBytes) {
      this.maxEntryBytes = maxEntryBytes;
    }

    public Duration getExpireAfterWrite() {
      return expireAfterWrite;
    }

    public void setExpireAfterWrite(Duration expireAfterWrite) {
      this.expireAfterWrite = expireAfterWrite;
    }
  }

  /** The local-directory object store. */
  public static class Local {

    /** Root directory of the local object store. Empty means "blocks" under skein.data-dir. */
    private String path = "";

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }
  }

  /** The S3-compatible object store (AWS S3, MinIO, ...). */
  public static class S3 {

    /** Endpoint URL, e.g. http://minio:9000. Empty means the AWS endpoint of the region. */
    private String endpoint = "";

    /** Region used for signing. */
    private String region = "us-east-1";

    /** Bucket holding the blocks; required when skein.storage.backend is s3. */
    private String bucket = "";

    /** Key prefix inside the bucket, so several installations can share one bucket. */
    private String prefix = "";

    /** Path-style addressing (http://host/bucket/key), which MinIO and most S3 look-alikes need. */
    private boolean pathStyle = false;

    /** Static access key id. Empty uses the AWS default credentials chain. */
    private String accessKey = "";

    /** Static secret access key; set together with access-key. Never logged or shown. */
    private @Nullable String secretKey = null;

    /** How long to wait for a TCP connection to the endpoint. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** How long one socket read may block before the request fails (and may be retried). */
    private Duration readTimeout = Duration.ofSeconds(30);

    /**
     * Retries after the first attempt for throttling, 5xx and connection errors, with exponential
     * backoff and full jitter. 0 disables retries.
     */
    private int maxRetries = 3;

    /** Files larger than this many bytes are uploaded in parts (multipart upload). */
    private long multipartThresholdBytes = 67_108_864L; // 64 MiB

    /**
     * Size in bytes of each part of a multipart upload (5 MiB to 512 MiB); one part per upload is
     * held in memory.
     */
    private long partSizeBytes = 16_777_216L; // 16 MiB

    public String getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(String endpoint) {
      this.endpoint = endpoint;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public String getBucket() {
      return bucket;
    }

    public void setBucket(String bucket) {
      this.bucket = bucket;
    }

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    public boolean isPathStyle() {
      return pathStyle;
    }

    public void setPathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
    }

    public String getAccessKey() {
      return accessKey;
    }

    public void setAccessKey(String accessKey) {
      this.accessKey = accessKey;
    }

    public @Nullable String getSecretKey() {
      return secretKey;
    }

    public void setSecretKey(@Nullable String secretKey) {
      this.secretKey = secretKey;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
      return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
    }

    public int getMaxRetries() {
      return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
    }

    public long getMultipartThresholdBytes() {
      return multipartThresholdBytes;
    }

    public void setMultipartThresholdBytes(long multipartThresholdBytes) {
      this.multipartThresholdBytes = multipartThresholdBytes;
    }

    public long getPartSizeBytes() {
      return partSizeBytes;
    }

    public void setPartSizeBytes(long partSizeBytes) {
      this.partSizeBytes = partSizeBytes;
    }
  }
}
