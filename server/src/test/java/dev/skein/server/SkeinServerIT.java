package dev.skein.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "skein.server.http-listen-port=0",
      "skein.data-dir=target/it-data",
      "skein.storage.s3.secret-key=hunter2",
      "skein.storage.s3.access-key=AKIAEXAMPLE"
    })
class SkeinServerIT {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Value("${local.server.port}")
  int port;

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return new ApiClient(port).getText(path);
  }

  @Test
  void echo_returnsEcho() throws Exception {
    HttpResponse<String> response = get("/api/echo");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("echo");
  }

  @Test
  void ready_afterStart_200() throws Exception {
    HttpResponse<String> response = get("/ready");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ready");
  }

  @Test
  void metrics_prometheusTextWithJvmAndHttpMetrics() throws Exception {
    get("/api/echo");
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .get()
        .asString()
        .startsWith("text/plain");
    assertThat(response.body())
        .contains("# TYPE jvm_memory_used_bytes gauge")
        .contains("jvm_threads_live_threads")
        .contains("http_server_requests_seconds_count{")
        .contains("uri=\"/api/echo\"")
        .contains("application=\"skein\"");
  }

  @Test
  void buildinfo_tempoFieldNamesWithJavaVersion() throws Exception {
    HttpResponse<String> response = get("/api/status/buildinfo");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("version").asString()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(body.get("javaVersion").asString()).isEqualTo(Runtime.version().toString());
    for (String field : new String[] {"revision", "branch", "buildUser", "buildDate"}) {
      assertThat(body.get(field).asString()).as(field).isNotBlank();
    }
  }

  @Test
  void config_effectiveValuesWithSecretsRedacted() throws Exception {
    HttpResponse<String> response = get("/api/status/config");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).doesNotContain("hunter2");
    JsonNode body = JSON.readTree(response.body());
    JsonNode s3 = body.get("skein").get("storage").get("s3");
    assertThat(s3.get("secretKey").asString()).isEqualTo("<redacted>");
    assertThat(s3.get("accessKey").asString()).isEqualTo("AKIAEXAMPLE");
    assertThat(body.get("skein").get("dataDir").asString()).isEqualTo("target/it-data");
    assertThat(body.get("targets").get(0).asString()).isEqualTo("all");
    assertThat(body.get("components")).hasSize(6);
  }

  @Test
  void unknownEndpoint_jsonError404() throws Exception {
    HttpResponse<String> response = new ApiClient(port).getOutsideSpec("/api/nope");
    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("status").asInt()).isEqualTo(404);
    assertThat(body.get("error").asString()).contains("api/nope");
  }
}
