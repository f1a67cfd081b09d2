package dev.skein.storage.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class S3ConfigTest {

  @Test
  void builder_defaults_matchConstants() {
    S3Config c = S3Config.builder("traces").build();
    assertThat(c.endpoint()).isNull();
    assertThat(c.region()).isEqualTo(S3Config.DEFAULT_REGION);
    assertThat(c.prefix()).isEmpty();
    assertThat(c.hasStaticCredentials()).isFalse();
    assertThat(c.connectTimeout()).isEqualTo(S3Config.DEFAULT_CONNECT_TIMEOUT);
    assertThat(c.readTimeout()).isEqualTo(S3Config.DEFAULT_READ_TIMEOUT);
    assertThat(c.maxRetries()).isEqualTo(S3Config.DEFAULT_MAX_RETRIES);
    assertThat(c.multipartThresholdBytes()).isEqualTo(S3Config.DEFAULT_MULTIPART_THRESHOLD_BYTES);
    assertThat(c.partSizeBytes()).isEqualTo(S3Config.DEFAULT_PART_SIZE_BYTES);
  }

  @Test
  void prefix_withoutTrailingSlash_getsOne() {
    assertThat(S3Config.builder("b").prefix("prod/skein").build().prefix())
        .isEqualTo("prod/skein/");
  }

  @Test
  void prefix_traversal_rejected() {
    assertThatThrownBy(() -> S3Config.builder("b").prefix("../x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("prefix is invalid");
  }

  @Test
  void credentials_onlyAccessKey_rejected() {
    assertThatThrownBy(() -> S3Config.builder("b").credentials("AKIA", null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accessKey and secretKey must be set together");
  }

  @Test
  void partSize_belowS3Minimum_rejectedWithValue() {
    assertThatThrownBy(() -> S3Config.builder("b").partSizeBytes(1024).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partSizeBytes must be between 5242880 and 536870912, was 1024");
  }

  @Test
  void endpoint_notHttp_rejected() {
    assertThatThrownBy(() -> S3Config.builder("b").endpoint(URI.create("ftp://h")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://h");
  }

  @Test
  void timeouts_andRetries_mustBePositiveOrZero() {
    assertThatThrownBy(() -> S3Config.builder("b").connectTimeout(Duration.ZERO).build())
        .hasMessage("connectTimeout must be > 0, was PT0S");
    assertThatThrownBy(() -> S3Config.builder("b").maxRetries(-1).build())
        .hasMessage("maxRetries must be >= 0, was -1");
    assertThat(S3Config.builder("b").maxRetries(0).build().maxRetries()).isZero();
  }

  @Test
  void bucket_blank_rejected() {
    assertThatThrownBy(() -> S3Config.builder(" ").build()).hasMessage("bucket must not be empty");
  }

  @Test
  void toString_staticCredentials_hidesSecret() {
    S3Config c = S3Config.builder("b").credentials("AKIA", "hunter2").build();
    assertThat(c.toString()).contains("AKIA").contains("secret=****").doesNotContain("hunter2");
  }
}
