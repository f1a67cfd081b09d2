package dev.skein.storage.backend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} on S3 or an S3-compatible server (MinIO, S3Proxy, ...), through the AWS
 * SDK v2 with the Apache-based {@code apache-client}. Thread-safe; one instance shares one HTTP
 * connection pool. No SDK type crosses this class's API: not-found becomes {@link
 * ObjectNotFoundException}, anything else {@link ObjectStoreException} naming operation and key.
 *
 * <p>Keys are stored under {@link S3Config#prefix()}. Puts are atomic by S3's semantics (an object
 * appears whole on completion); {@link #putIfAbsent} sends {@code If-None-Match: *}, which S3
 * (since 2024), MinIO and S3Proxy enforce. Files above {@link S3Config#multipartThresholdBytes()}
 * are uploaded in parts, and a failed multipart upload is aborted so no parts linger.
 *
 * <p>Retryable failures (5xx, throttling, connection errors) are retried by the SDK's standard
 * strategy, {@link S3Config#maxRetries()} times, with exponential backoff and full jitter.
 */
public final class S3ObjectStore implements ObjectStore {

  /** User metadata naming the putIfAbsent call that created an object. */
  private static final String PUT_TOKEN = "skein-put-token";

  private static final Duration BACKOFF_BASE = Duration.ofMillis(100);
  private static final Duration THROTTLING_BACKOFF_BASE = Duration.ofMillis(500);
  private static final Duration BACKOFF_MAX = Duration.ofSeconds(20);

  private final S3Config config;
  private final S3Client s3;
  private final String bucket;
  private final String base;

  /** Creates the store and its SDK client; does no network I/O. */
  public S3ObjectStore(S3Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.bucket = config.bucket();
    this.base = config.prefix();
    this.s3 = newClient(config);
  }

  @Override
  public byte[] get(String key) {
    String full = fullKey(key);
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(full)).asByteArray();
    } catch (SdkException e) {
      throw failure("get " + key, key, e);
    }
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "offset and length must be >= 0, were " + offset + ", " + length);
    }
    String full = fullKey(key);
    if (length == 0) {
      size(key); // HTTP ranges cannot be empty; still report a missing object
      return new byte[0];
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    try {
      ResponseBytes<GetObjectResponse> got =
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(full).range(range));
      byte[] bytes = got.asByteArray();
      if (got.response().contentRange() == null) {
        // A server that ignores Range sends the whole object (200): cut the range out ourselves.
        int from = (int) Math.min(offset, bytes.length);
        return Arrays.copyOfRange(bytes, from, (int) Math.min((long) from + length, bytes.length));
      }
      return bytes;
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        return new byte[0]; // range starts at or past the end (or the object is empty)
      }
      throw failure("get " + key + " [" + offset + "+" + length + "]", key, e);
    } catch (SdkException e) {
      throw failure("get " + key + " [" + offset + "+" + length + "]", key, e);
    }
  }

  @Override
  public long size(String key) {
    String full = fullKey(key);
    try {
      return s3.headObject(b -> b.bucket(bucket).key(full)).contentLength();
    } catch (SdkException e) {
      throw failure("size " + key, key, e);
    }
  }

  @Override
  public void put(String key, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    String full = fullKey(key);
    try {
      s3.putObject(b -> b.bucket(bucket).key(full), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw failure("put " + key, key, e);
    }
  }

  @Override
  public void put(String key, Path file) {
    Objects.requireNonNull(file, "file");
    String full = fullKey(key);
    String op = "put " + key + " from " + file;
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new ObjectStoreException(op, e);
    }
    if (size > config.multipartThresholdBytes()) {
      new MultipartUpload(s3, bucket, full, config.partSizeBytes()).upload(op, file, size);
      return;
    }
    try {
      s3.putObject(b -> b.bucket(bucket).key(full), RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw failure(op, key, e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    String full = fullKey(key);
    // The SDK retries a request whose response was lost; the retry then meets our own object and
    // fails the precondition. A token in the object's metadata tells "ours" from "someone else's".
    String token = java.util.UUID.randomUUID().toString();
    for (int attempt = 0; ; attempt++) {
      try {
        s3.putObject(
            b -> b.bucket(bucket).key(full).ifNoneMatch("*").metadata(Map.of(PUT_TOKEN, token)),
            RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(bytes), bytes.length, "application/octet-stream"));
        return true;
      } catch (S3Exception e) {
        if (e.statusCode() == 412) {
          return token.equals(putToken(full)); // exists: created by an earlier attempt of ours?
        }
        // 409 ConditionalRequestConflict: another conditional write is in flight; AWS asks to
        // retry.
        if (e.statusCode() == 409 && attempt < config.maxRetries()) {
          continue;
        }
        throw failure("putIfAbsent " + key, key, e);
      } catch (SdkException e) {
        throw failure("putIfAbsent " + key, key, e);
      }
    }
  }

  private @org.jspecify.annotations.Nullable String putToken(String full) {
    try {
      return s3.headObject(b -> b.bucket(bucket).key(full)).metadata().get(PUT_TOKEN);
    } catch (SdkException e) {
      return null;
    }
  }

  @Override
  public List<String> list(String prefix) {
    ObjectKeys.validatePrefix(prefix);
    List<String> keys = new ArrayList<>();
    try {
      for (ListObjectsV2Response page :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(base + prefix))) {
        for (S3Object object : page.contents()) {
          keys.add(object.key().substring(base.length()));
        }
      }
    } catch (SdkException e) {
      throw new ObjectStoreException("list " + prefix, e);
    }
    // S3 already sorts by UTF-8 bytes; look-alike servers are not all so careful.
    Collections.sort(keys);
    return keys;
  }

  @Override
  public List<String> children(String prefix) {
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException(
          "children() prefix must be empty or end with '/': " + prefix);
    }
    ObjectKeys.validatePrefix(prefix);
    String full = base + prefix;
    TreeSet<String> children = new TreeSet<>();
    try {
      for (ListObjectsV2Response page :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(full).delimiter("/"))) {
        for (CommonPrefix common : page.commonPrefixes()) {
          String p = common.prefix();
          children.add(p.substring(full.length(), p.length() - 1));
        }
        for (S3Object object : page.contents()) {
          children.add(object.key().substring(full.length()));
        }
      }
    } catch (SdkException e) {
      throw new ObjectStoreException("children " + prefix, e);
    }
    return List.copyOf(children);
  }

  @Override
  public void delete(String key) {
    String full = fullKey(key);
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(full)); // S3 answers 204 for a missing key too
    } catch (SdkException e) {
      throw failure("delete " + key, key, e);
    }
  }

  /** Closes the SDK client and its connections. */
  @Override
  public void close() {
    s3.close();
  }

  /** The configuration; its {@code toString()} hides the secret. */
  public S3Config config() {
    return config;
  }

  @Override
  public String toString() {
    return "S3ObjectStore{" + config + "}";
  }

  private String fullKey(String key) {
    return base + ObjectKeys.validate(key);
  }

  /** Maps an SDK failure: 404 is the shared not-found signal, a missing bucket is not. */
  private RuntimeException failure(String operationAndKey, String key, SdkException e) {
    if (e instanceof NoSuchKeyException) {
      return new ObjectNotFoundException(key);
    }
    if (e instanceof S3Exception s3e && s3e.statusCode() == 404) {
      String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
      if (!"NoSuchBucket".equals(code)) {
        return new ObjectNotFoundException(key);
      }
    }
    return new ObjectStoreException(operationAndKey + " (bucket " + bucket + ")", e);
  }

  private static S3Client newClient(S3Config c) {
    RetryStrategy retry =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(c.maxRetries() + 1)
            .backoffStrategy(BackoffStrategy.exponentialDelay(BACKOFF_BASE, BACKOFF_MAX))
            .throttlingBackoffStrategy(
                BackoffStrategy.exponentialDelay(THROTTLING_BACKOFF_BASE, BACKOFF_MAX))
            .build();
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(c.region()))
            .forcePathStyle(c.pathStyle())
            .credentialsProvider(credentials(c))
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(c.connectTimeout())
                    .socketTimeout(c.readTimeout())
                    // Re-check pooled connections idle for more than a second before reuse, so
                    // a connection the server closed is never used for a request body.
                    .connectionMaxIdleTime(java.time.Duration.ofSeconds(30))
                    .useIdleConnectionReaper(true))
            // S3-compatible servers vary in their support of the SDK's default CRC checksums.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(o -> o.retryStrategy(retry));
    if (c.endpoint() != null) {
      builder.endpointOverride(c.endpoint());
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(S3Config c) {
    if (c.hasStaticCredentials()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(
              Objects.requireNonNull(c.accessKey()), Objects.requireNonNull(c.secretKey())));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** One multipart upload of a file; aborts the upload when any step fails. */
  private record MultipartUpload(S3Client s3, String bucket, String key, long partSize) {

    void upload(String op, Path file, long size) {
      String uploadId;
      try {
        uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
      } catch (SdkException e) {
        throw new ObjectStoreException(op + ": create multipart upload", e);
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        List<CompletedPart> parts = uploadParts(ch, size, uploadId);
        s3.completeMultipartUpload(
            b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
      } catch (IOException | RuntimeException e) {
        try {
          s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException abortFailure) {
          e.addSuppressed(abortFailure);
        }
        throw new ObjectStoreException(op + ": multipart upload " + uploadId + " aborted", e);
      }
    }

    private List<CompletedPart> uploadParts(FileChannel ch, long size, String uploadId)
        throws IOException {
      byte[] buffer = new byte[(int) Math.min(partSize, size)];
      List<CompletedPart> parts = new ArrayList<>();
      long position = 0;
      for (int number = 1; position < size; number++) {
        int n = (int) Math.min(partSize, size - position);
        readFully(ch, ByteBuffer.wrap(buffer, 0, n), position);
        int partNumber = number;
        String eTag =
            s3.uploadPart(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromContentProvider(
                        () -> new ByteArrayInputStream(buffer, 0, n),
                        n,
                        "application/octet-stream"))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
        position += n;
      }
      return parts;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position)
        throws IOException {
      long start = position;
      while (buf.hasRemaining()) {
        int n = ch.read(buf, position);
        if (n < 0) {
          throw new IOException(
              "file ended at " + position + " while reading a part from " + start);
        }
        position += n;
      }
    }
  }
}
