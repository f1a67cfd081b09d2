package dev.skein.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The built-in UI is served: the page at {@code /} and at its deep links, and its assets. The UI
 * routes are not API endpoints (not in openapi.yaml), so a plain HTTP client is used.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "skein.server.http-listen-port=0",
      "skein.distributor.otlp-grpc-port=0",
      "skein.distributor.otlp-http-port=0"
    })
class UiIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("skein.data-dir", () -> dataDir.toString());
  }

  @Value("${local.server.port}")
  int port;

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/search",
        "/search?range=1h&service=shop&run=1",
        "/trace/abc",
        "/trace/0af7651916cd43dd8448eb211c80319c"
      })
  void pageAndDeepLinks_serveTheSinglePage(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(response.body()).contains("<title>Skein</title>", "/ui/app.js", "/ui/app.css");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ui/app.js", "/ui/trace.js", "/ui/otlp.js"})
  void scripts_areServedAsJavaScript(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse("")).contains("javascript");
    assertThat(response.body()).contains("export");
  }

  @Test
  void stylesheet_isServed() throws Exception {
    HttpResponse<String> response = get("/ui/app.css");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/css");
  }

  @Test
  void noExternalResources() throws Exception {
    for (String path :
        new String[] {"/", "/ui/app.js", "/ui/trace.js", "/ui/otlp.js", "/ui/app.css"}) {
      assertThat(get(path).body())
          .doesNotContainPattern("(src|href)=\"https?://|import .* from ['\"]https?:");
    }
  }

  @Test
  void apiStaysJson_unknownApiPathIs404() throws Exception {
    HttpResponse<String> response = get("/api/nope");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("content-type").orElse("")).contains("json");
    assertThat(get("/ready").statusCode()).isIn(200, 503);
  }
}
