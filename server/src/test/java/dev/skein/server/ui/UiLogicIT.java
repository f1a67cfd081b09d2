package dev.skein.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI's JavaScript unit tests (src/test/resources/static/ui-test/tests.js: TraceQL autocomplete
 * context, span-tree building, bar and critical-path geometry, self time, formatting, URL state),
 * run as ES modules in headless Chromium; the results are read back and every failed JS test fails
 * this test with its message. The modules are served from the classpath's {@code static/}, as the
 * server serves them, by a plain JDK HTTP server (no Spring context needed for pure logic).
 */
class UiLogicIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path profileDir;

  static ChromeDriver driver;
  static HttpServer server;

  @BeforeAll
  static void start() throws IOException {
    driver = Chromium.start(profileDir, WAIT);
    server = StaticClasspathServer.start();
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void jsUnitTests_allPass() {
    List<Map<String, Object>> results = run("/ui-test/index.html");

    List<String> failures =
        results.stream()
            .filter(r -> !Boolean.TRUE.equals(r.get("ok")))
            .map(r -> r.get("name") + ": " + r.get("error"))
            .toList();
    System.out.println("UI unit tests: " + results.size() + " run, " + failures.size() + " failed");
    assertThat(failures).as("failed JS unit tests").isEmpty();
    assertThat(results).as("JS unit tests found").hasSizeGreaterThanOrEqualTo(30);
  }

  @Test
  void jsUnitTests_aFailingTest_isReportedWithItsMessage() {
    List<Map<String, Object>> results = run("/ui-test/index.html?inject-failure");

    assertThat(results)
        .filteredOn(r -> !Boolean.TRUE.equals(r.get("ok")))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("name")).isEqualTo("injected failure");
              assertThat((String) r.get("error"))
                  .contains("injected: expected \"expected\" but was \"actual\"");
            });
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> run(String page) {
    driver.get("http://127.0.0.1:" + server.getAddress().getPort() + page);
    new WebDriverWait(driver, WAIT)
        .until(
            d ->
                Boolean.TRUE.equals(
                    ((JavascriptExecutor) d)
                        .executeScript("return !!(window.__uiTests && window.__uiTests.done)")));
    return (List<Map<String, Object>>)
        ((JavascriptExecutor) driver).executeScript("return window.__uiTests.results");
  }
}
