package dev.skein.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.testkit.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The end-to-end suite with blocks in an S3 bucket served by S3Proxy in this JVM. */
class S3EndToEndIT extends EndToEndSuite {

  static final S3TestServer S3 = S3TestServer.start();

  @DynamicPropertySource
  static void s3(DynamicPropertyRegistry registry) {
    registry.add("skein.storage.backend", () -> "s3");
    registry.add("skein.storage.s3.endpoint", () -> S3.endpoint().toString());
    registry.add("skein.storage.s3.bucket", () -> S3TestServer.BUCKET);
    registry.add("skein.storage.s3.region", () -> S3TestServer.REGION);
    registry.add("skein.storage.s3.path-style", () -> "true");
    registry.add("skein.storage.s3.access-key", () -> S3TestServer.ACCESS_KEY);
    registry.add("skein.storage.s3.secret-key", () -> S3TestServer.SECRET_KEY);
    registry.add("skein.storage.s3.prefix", () -> "e2e");
  }

  @AfterAll
  static void stop() {
    S3.close();
  }

  @Autowired ObjectStore store;

  @Override
  void assertBlockStored() {
    assertThat(store.list("single-tenant/"))
        .anySatisfy(k -> assertThat(k).endsWith("/meta.json"))
        .anySatisfy(k -> assertThat(k).endsWith("/data.parquet"));
  }
}
