package dev.skein.testkit;

import dev.skein.storage.backend.S3Config;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 API server (S3Proxy) running inside the test JVM on a free loopback port, with one
 * bucket and SigV4 authentication enforced, as on AWS and MinIO. Thread-safe; close it to stop the
 * server.
 *
 * <p>Starting fails with an exception, never silently: a test that cannot get its server fails.
 *
 * <pre>{@code
 * try (S3TestServer server = S3TestServer.start();
 *     ObjectStore store = new S3ObjectStore(server.config("my-test").build())) { ... }
 * }</pre>
 */
public final class S3TestServer implements AutoCloseable {

  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "skein-test-access";

  /** The secret key the server accepts. */
  public static final String SECRET_KEY = "skein-test-secret-0123456789";

  /** The bucket created at start. */
  public static final String BUCKET = "skein-test";

  /** The signing region (S3Proxy accepts any). */
  public static final String REGION = "us-east-1";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final S3Proxy proxy;
  private final URI endpoint;

  private S3TestServer(S3Proxy proxy, URI endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
  }

  /** Starts a server that keeps objects in memory. */
  public static S3TestServer start() {
    return start(new TransientNio2BlobStore());
  }

  /**
   * Starts a server that keeps objects as files under {@code dir}, as single-disk MinIO does. A
   * bucket left there by an earlier server is reused with its objects (benchmarks keep datasets).
   */
  public static S3TestServer startOnDisk(Path dir) {
    return start(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()));
  }

  private static S3TestServer start(BlobStore blobStore) {
    if (!blobStore.containerExists(BUCKET)) {
      blobStore.createContainer(BUCKET);
    }
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "S3Proxy did not start within " + START_TIMEOUT + ", state " + proxy.getState());
        }
        TimeUnit.MILLISECONDS.sleep(5); // Jetty starts on its own thread; poll its state
      }
    } catch (Exception e) {
      stopQuietly(proxy, e);
      throw new IllegalStateException("cannot start the S3 test server: " + e.getMessage(), e);
    }
    return new S3TestServer(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * A config for an {@code S3ObjectStore} talking to this server with valid credentials, under
   * {@code prefix} (tests use a fresh prefix each for isolation). Callers may adjust it further.
   */
  public S3Config.Builder config(String prefix) {
    return S3Config.builder(BUCKET)
        .endpoint(endpoint)
        .region(REGION)
        .pathStyle(true)
        .credentials(ACCESS_KEY, SECRET_KEY)
        .prefix(prefix);
  }

  /** Stops the server. */
  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the S3 test server", e);
    }
  }

  @Override
  public String toString() {
    return "S3TestServer{endpoint=" + endpoint + ", bucket=" + BUCKET + "}";
  }

  private static void stopQuietly(S3Proxy proxy, Exception cause) {
    try {
      proxy.stop();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }
}
