package dev.skein.storage.backend;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of an {@link S3ObjectStore}. Immutable; the compact constructor validates every
 * field and reports the first problem with the field name and value. {@link #toString()} never
 * shows the secret key.
 *
 * @param endpoint the S3 API endpoint, e.g. {@code http://minio:9000}; null for the AWS endpoint of
 *     the region
 * @param region the signing region, e.g. {@code us-east-1}
 * @param bucket the bucket; must exist
 * @param prefix a key prefix inside the bucket, empty or ending with {@code /} (one is appended
 *     when missing), so several installations can share a bucket
 * @param pathStyle path-style addressing ({@code http://host/bucket/key}), needed by MinIO and most
 *     S3-compatible servers
 * @param accessKey the static access key id, or null for the AWS default credentials chain
 * @param secretKey the static secret key; set exactly when {@code accessKey} is
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long a socket read may block (per read, not per request)
 * @param maxRetries retries after the first attempt for retryable failures (5xx, throttling, I/O),
 *     with exponential backoff and full jitter
 * @param multipartThresholdBytes files larger than this are uploaded in parts
 * @param partSizeBytes the size of each part but the last, between {@link #MIN_PART_SIZE_BYTES} and
 *     {@link #MAX_PART_SIZE_BYTES}; one part is held in memory per upload
 */
public record S3Config(
    @Nullable URI endpoint,
    String region,
    String bucket,
    String prefix,
    boolean pathStyle,
    @Nullable String accessKey,
    @Nullable String secretKey,
    Duration connectTimeout,
    Duration readTimeout,
    int maxRetries,
    long multipartThresholdBytes,
    long partSizeBytes) {

  /** Region used when none is given. */
  public static final String DEFAULT_REGION = "us-east-1";

  /** Connect timeout used when none is given. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Socket read timeout used when none is given. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  /** Retries after the first attempt, used when none is given. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /** Files above 64 MiB are uploaded in parts by default. */
  public static final long DEFAULT_MULTIPART_THRESHOLD_BYTES = 64L * 1024 * 1024;

  /** Parts are 16 MiB by default. */
  public static final long DEFAULT_PART_SIZE_BYTES = 16L * 1024 * 1024;

  /** S3's minimum size of every part but the last. */
  public static final long MIN_PART_SIZE_BYTES = 5L * 1024 * 1024;

  /** Skein's maximum part size: a part is buffered in memory, so keep it well below S3's 5 GiB. */
  public static final long MAX_PART_SIZE_BYTES = 512L * 1024 * 1024;

  /** Validates every field; normalises the prefix to end with {@code /}. */
  public S3Config {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (endpoint != null
        && (endpoint.getHost() == null
            || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
      throw new IllegalArgumentException(
          "endpoint must be an http:// or https:// URL with a host, was " + endpoint);
    }
    require(!region.isBlank(), "region must not be empty");
    require(!bucket.isBlank(), "bucket must not be empty");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    try {
      ObjectKeys.validatePrefix(prefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("prefix is invalid: " + e.getMessage(), e);
    }
    require(
        (accessKey == null || accessKey.isEmpty()) == (secretKey == null || secretKey.isEmpty()),
        "accessKey and secretKey must be set together, or neither for the default chain");
    require(connectTimeout.isPositive(), "connectTimeout must be > 0, was " + connectTimeout);
    require(readTimeout.isPositive(), "readTimeout must be > 0, was " + readTimeout);
    require(maxRetries >= 0, "maxRetries must be >= 0, was " + maxRetries);
    require(
        multipartThresholdBytes > 0,
        "multipartThresholdBytes must be > 0, was " + multipartThresholdBytes);
    require(
        partSizeBytes >= MIN_PART_SIZE_BYTES && partSizeBytes <= MAX_PART_SIZE_BYTES,
        "partSizeBytes must be between "
            + MIN_PART_SIZE_BYTES
            + " and "
            + MAX_PART_SIZE_BYTES
            + ", was "
            + partSizeBytes);
  }

  /** A builder with every default set, for {@code bucket}. */
  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  /** Whether static keys are configured (otherwise the default credentials chain is used). */
  public boolean hasStaticCredentials() {
    return accessKey != null && !accessKey.isEmpty();
  }

  @Override
  public String toString() {
    return "S3Config{endpoint="
        + (endpoint == null ? "aws" : endpoint)
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", prefix="
        + prefix
        + ", pathStyle="
        + pathStyle
        + ", credentials="
        + (hasStaticCredentials() ? "static(" + accessKey + ", secret=****)" : "default-chain")
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", maxRetries="
        + maxRetries
        + ", multipartThresholdBytes="
        + multipartThresholdBytes
        + ", partSizeBytes="
        + partSizeBytes
        + "}";
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Builds an {@link S3Config}; every field starts at its default. Not thread-safe. */
  public static final class Builder {
    private @Nullable URI endpoint;
    private String region = DEFAULT_REGION;
    private final String bucket;
    private String prefix = "";
    private boolean pathStyle;
    private @Nullable String accessKey;
    private @Nullable String secretKey;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private long multipartThresholdBytes = DEFAULT_MULTIPART_THRESHOLD_BYTES;
    private long partSizeBytes = DEFAULT_PART_SIZE_BYTES;

    private Builder(String bucket) {
      this.bucket = bucket;
    }

    /** See {@link S3Config#endpoint()}. */
    public Builder endpoint(@Nullable URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** See {@link S3Config#region()}. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** See {@link S3Config#prefix()}. */
    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** See {@link S3Config#pathStyle()}. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Static credentials; see {@link S3Config#accessKey()}. */
    public Builder credentials(@Nullable String accessKey, @Nullable String secretKey) {
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    /** See {@link S3Config#connectTimeout()}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** See {@link S3Config#readTimeout()}. */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    /** See {@link S3Config#maxRetries()}. */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /** See {@link S3Config#multipartThresholdBytes()}. */
    public Builder multipartThresholdBytes(long multipartThresholdBytes) {
      this.multipartThresholdBytes = multipartThresholdBytes;
      return this;
    }

    /** See {@link S3Config#partSizeBytes()}. */
    public Builder partSizeBytes(long partSizeBytes) {
      this.partSizeBytes = partSizeBytes;
      return this;
    }

    /** Validates and builds the config. */
    public S3Config build() {
      return new S3Config(
          endpoint,
          region,
          bucket,
          prefix,
          pathStyle,
          accessKey,
          secretKey,
          connectTimeout,
          readTimeout,
          maxRetries,
          multipartThresholdBytes,
          partSizeBytes);
    }
  }
}
