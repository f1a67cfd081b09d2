package dev.skein.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import dev.skein.server.config.InvalidConfigException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Starts the real application in-process to see startup failures and readiness during start. */
class StartupIT {

  @Test
  void start_unknownTarget_failsListingValidTargets() {
    assertThatThrownBy(() -> run("--skein.target=all,frontend"))
        .hasRootCauseInstanceOf(InvalidConfigException.class)
        .rootCause()
        .hasMessageContaining("skein.target has unknown target(s) [frontend]")
        .hasMessageContaining("valid targets are: all, distributor, ingester, querier, compactor");
  }

  @Test
  void start_severalBadValues_failsListingEachPropertyAndValue() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(SkeinApplication.class)
                    .run(
                        "--skein.storage.backend=gcs",
                        "--skein.server.http-listen-port=99999",
                        "--skein.target=bogus",
                        "--skein.data-dir=target/it-data"))
        .rootCause()
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("invalid configuration (3 problems)")
        .hasMessageContaining("skein.storage.backend must be one of local, s3, was 'gcs'")
        .hasMessageContaining(
            "skein.server.http-listen-port must be between 0 and 65535, was 99999")
        .hasMessageContaining("skein.target has unknown target(s) [bogus]");
  }

  @Test
  void start_environmentVariable_isBound() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("SKEIN_STORAGE_BACKEND", "nfs", "SKEIN_SERVER_HTTP_LISTEN_PORT", "-3")));
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(SkeinApplication.class)
                    .environment(environment)
                    .run("--skein.data-dir=target/it-data"))
        .rootCause()
        .hasMessageContaining("skein.storage.backend must be one of local, s3, was 'nfs'")
        .hasMessageContaining("skein.server.http-listen-port must be between 0 and 65535, was -3");
  }

  @Test
  void ready_whileComponentStarts_503ThenAfterStart_200() throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder(SkeinApplication.class, SlowComponentConfig.class)
            .listeners(
                (org.springframework.context.ApplicationListener<WebServerInitializedEvent>)
                    e -> port.complete(e.getWebServer().getPort()));
    CompletableFuture<ConfigurableApplicationContext> context =
        CompletableFuture.supplyAsync(
            () ->
                builder.run(
                    "--skein.server.http-listen-port=0", "--skein.data-dir=target/it-data"));
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI ready = URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS) + "/ready");
      assertThat(SlowComponentConfig.starting.await(60, TimeUnit.SECONDS)).isTrue();
      HttpResponse<String> before =
          http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(before.body()).contains("slow: not started");

      SlowComponentConfig.release.countDown();
      context.get(60, TimeUnit.SECONDS);
      HttpResponse<String> after =
          http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(after.statusCode()).isEqualTo(200);
    } finally {
      SlowComponentConfig.release.countDown();
      context.get(60, TimeUnit.SECONDS).close();
    }
  }

  static ConfigurableApplicationContext run(String... args) {
    return new SpringApplicationBuilder(SkeinApplication.class)
        .run(concat(args, "--skein.server.http-listen-port=0", "--skein.data-dir=target/it-data"));
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Configuration(proxyBeanMethods = false)
  static class SlowComponentConfig {
    static final CountDownLatch starting = new CountDownLatch(1);
    static final CountDownLatch release = new CountDownLatch(1);

    @Bean(destroyMethod = "")
    Component slow() {
      return new Component() {
        @Override
        public void start() {
          starting.countDown();
          try {
            release.await(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }

        @Override
        public CheckResult check() {
          return CheckResult.OK;
        }

        @Override
        public void close() {}
      };
    }
  }
}
