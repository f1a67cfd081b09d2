package dev.skein.server.ui;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's headless chromium through chromedriver for the browser tests. Without them the
 * calling test is skipped locally and fails under {@code CI=true}. Paths can be changed with {@code
 * -Dskein.chromium=} and {@code -Dskein.chromedriver=}.
 */
final class Chromium {

  static final String CHROMIUM = System.getProperty("skein.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER =
      System.getProperty("skein.chromedriver", "/usr/bin/chromedriver");

  private Chromium() {}

  /** A headless browser with a 1500×950 window and its profile in {@code profileDir}. */
  static ChromeDriver start(Path profileDir, Duration timeout) {
    boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    if (!present) {
      String message =
          "chromium/chromedriver not found at "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ": apt-get install -y chromium chromium-driver";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + " (CI=true: the browser test must run)");
      }
      assumeTrue(false, message + " — skipping the browser test locally");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1500,950",
        "--user-data-dir=" + profileDir.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(timeout).scriptTimeout(timeout);
    return driver;
  }
}
