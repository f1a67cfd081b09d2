package dev.skein.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.backend.ObjectStoreException;
import dev.skein.storage.backend.S3Config;
import dev.skein.storage.backend.S3ObjectStore;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The object store contract and S3 specifics against S3Proxy started in-process, SigV4 on. */
class S3ObjectStoreIT {

  private static final long FIVE_MIB = 5L * 1024 * 1024;
  private static final AtomicInteger RUNS = new AtomicInteger();

  private static S3TestServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static S3Config.Builder freshConfig() {
    return server
        .config("run-" + RUNS.incrementAndGet())
        .multipartThresholdBytes(FIVE_MIB)
        .partSizeBytes(FIVE_MIB);
  }

  @Nested
  class Contract extends ObjectStoreContract {

    private S3ObjectStore store;

    @Override
    protected void setUpStore() {
      store = new S3ObjectStore(freshConfig().build());
    }

    @Override
    protected void tearDownStore() {
      store.close();
    }

    @Override
    protected ObjectStore store() {
      return store;
    }

    @Override
    protected int overwriteRounds() {
      return 30;
    }
  }

  @Test
  void putFile_aboveThreshold_uploadsInParts() throws Exception {
    S3Config config = freshConfig().build();
    byte[] bytes = ObjectStoreContract.random((int) (2 * FIVE_MIB + 7), 99);
    Path file = Files.write(dir.resolve("big"), bytes);
    try (S3ObjectStore store = new S3ObjectStore(config);
        S3Client raw = rawClient()) {
      store.put("t/b/data.parquet", file);
      String eTag =
          raw.headObject(
                  b -> b.bucket(S3TestServer.BUCKET).key(config.prefix() + "t/b/data.parquet"))
              .eTag();
      assertThat(eTag).endsWith("-3\"");
      assertThat(store.get("t/b/data.parquet")).isEqualTo(bytes);
    }
  }

  @Test
  void list_twoPrefixesInOneBucket_isolated() {
    try (S3ObjectStore a = new S3ObjectStore(freshConfig().build());
        S3ObjectStore b = new S3ObjectStore(freshConfig().build())) {
      a.put("t/x", new byte[] {1});
      b.put("t/y", new byte[] {2});
      assertThat(a.list("")).containsExactly("t/x");
      assertThat(b.list("")).containsExactly("t/y");
      assertThat(b.exists("t/x")).isFalse();
    }
  }

  @Test
  void get_wrongSecret_failsWithObjectStoreExceptionNamingKey() {
    S3Config config =
        freshConfig().credentials(S3TestServer.ACCESS_KEY, "wrong-secret").maxRetries(0).build();
    try (S3ObjectStore store = new S3ObjectStore(config)) {
      assertThatThrownBy(() -> store.get("t/b/meta.json"))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("get t/b/meta.json")
          .hasMessageContaining("403");
      assertThatThrownBy(() -> store.put("t/b/meta.json", "{}".getBytes(UTF_8)))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("put t/b/meta.json");
    }
  }

  @Test
  void get_missingBucket_failsWithObjectStoreExceptionNotNotFound() {
    S3Config config =
        S3Config.builder("no-such-bucket")
            .endpoint(server.endpoint())
            .pathStyle(true)
            .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)
            .maxRetries(0)
            .build();
    try (S3ObjectStore store = new S3ObjectStore(config)) {
      assertThatThrownBy(() -> store.get("t/b/meta.json"))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("no-such-bucket");
    }
  }

  @Test
  void get_unreachableServer_failsWithObjectStoreException() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    S3Config config =
        freshConfig()
            .endpoint(URI.create("http://127.0.0.1:" + closedPort))
            .connectTimeout(Duration.ofSeconds(1))
            .maxRetries(0)
            .build();
    try (S3ObjectStore store = new S3ObjectStore(config)) {
      assertThatThrownBy(() -> store.get("t/b/meta.json"))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("get t/b/meta.json");
    }
  }

  @Test
  void toString_hidesSecret() {
    try (S3ObjectStore store = new S3ObjectStore(freshConfig().build())) {
      assertThat(store.toString())
          .contains(S3TestServer.ACCESS_KEY)
          .doesNotContain(S3TestServer.SECRET_KEY);
    }
  }

  @Test
  void onDiskServer_contractBasics_roundTrip() throws Exception {
    try (S3TestServer disk = S3TestServer.startOnDisk(dir);
        S3ObjectStore store = new S3ObjectStore(disk.config("p").build())) {
      store.put("t/b/meta.json", "{}".getBytes(UTF_8));
      assertThat(store.getRange("t/b/meta.json", 1, 10)).asString(UTF_8).isEqualTo("}");
      assertThat(store.putIfAbsent("t/b/meta.json", new byte[0])).isFalse();
    }
  }

  private static S3Client rawClient() {
    return S3Client.builder()
        .endpointOverride(server.endpoint())
        .region(Region.of(S3TestServer.REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build();
  }
}
