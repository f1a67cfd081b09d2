package dev.skein.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.server.SkeinApplication;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.backend.S3Config;
import dev.skein.storage.backend.S3ObjectStore;
import dev.skein.testkit.S3TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The real application wired to the in-process S3 server through skein.storage.* properties. */
class StorageConfigurationIT {

  private static S3TestServer server;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void s3Backend_properties_storeWritesToBucketAndExposesMetrics() throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SkeinApplication.class)
            .run(
                "--skein.server.http-listen-port=0",
                "--skein.data-dir=target/it-data",
                "--skein.storage.backend=s3",
                "--skein.storage.s3.endpoint=" + server.endpoint(),
                "--skein.storage.s3.bucket=" + S3TestServer.BUCKET,
                "--skein.storage.s3.prefix=wired",
                "--skein.storage.s3.path-style=true",
                "--skein.storage.s3.access-key=" + S3TestServer.ACCESS_KEY,
                "--skein.storage.s3.secret-key=" + S3TestServer.SECRET_KEY,
                "--skein.storage.s3.max-retries=1",
                "--skein.storage.cache.max-bytes=1048576")) {
      ObjectStore store = context.getBean(ObjectStore.class);
      store.put("t/b/meta.json", "{}".getBytes());
      assertThat(store.get("t/b/meta.json")).asString().isEqualTo("{}");

      S3Config direct = server.config("wired").build();
      try (S3ObjectStore bucket = new S3ObjectStore(direct)) {
        assertThat(bucket.list("")).containsExactly("t/b/meta.json");
      }

      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body())
          .contains("skein_objectstore_requests_seconds_count{")
          .contains("backend=\"s3\"")
          .contains("skein_objectstore_cache_hits_total");
    }
  }
}
