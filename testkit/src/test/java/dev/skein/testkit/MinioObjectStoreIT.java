package dev.skein.testkit;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.backend.S3Config;
import dev.skein.storage.backend.S3ObjectStore;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The object store contract against real MinIO in a container. Reported as skipped when no Docker
 * engine is reachable (the only kind of test allowed to skip for a missing dependency).
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class MinioObjectStoreIT {

  private static final String BUCKET = "skein-minio";
  private static final AtomicInteger RUNS = new AtomicInteger();

  @Container
  static final MinIOContainer MINIO =
      new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");

  @BeforeAll
  static void createBucket() {
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(URI.create(MINIO.getS3URL()))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(MINIO.getUserName(), MINIO.getPassword())))
            .httpClientBuilder(ApacheHttpClient.builder())
            .build()) {
      s3.createBucket(b -> b.bucket(BUCKET));
    }
  }

  @Nested
  class Contract extends ObjectStoreContract {

    private S3ObjectStore store;

    @Override
    protected void setUpStore() {
      store =
          new S3ObjectStore(
              S3Config.builder(BUCKET)
                  .endpoint(URI.create(MINIO.getS3URL()))
                  .pathStyle(true)
                  .credentials(MINIO.getUserName(), MINIO.getPassword())
                  .prefix("run-" + RUNS.incrementAndGet())
                  .multipartThresholdBytes(S3Config.MIN_PART_SIZE_BYTES)
                  .partSizeBytes(S3Config.MIN_PART_SIZE_BYTES)
                  .build());
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
}
