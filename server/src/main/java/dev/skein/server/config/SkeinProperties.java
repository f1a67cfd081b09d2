package dev.skein.server.config;

import java.nio.file.Path;
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

    private final Local local = new Local();
    private final S3 s3 = new S3();

    public String getBackend() {
      return backend;
    }

    public void setBackend(String backend) {
      this.backend = backend;
    }

    public Local getLocal() {
      return local;
    }

    public S3 getS3() {
      return s3;
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
  }
}
