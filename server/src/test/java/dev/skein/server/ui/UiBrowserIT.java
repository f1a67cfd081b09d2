package dev.skein.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.server.ingest.OtlpGrpcReceiver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The UI end to end in a real headless Chromium (Debian's chromium and chromium-driver, see {@link
 * Chromium}): traces exported with the OpenTelemetry SDK are searched for, opened from the scatter
 * plot, expanded and collapsed, a finding is read and followed to its spans, a span link is
 * followed and Back restores the search; TraceQL and tag autocomplete (names and values, by
 * keyboard) and the inline TraceQL error; a 10,000-span trace, whose time to first paint of the
 * waterfall is printed. With {@code -Dskein.docs.write=true} the screenshots in docs/ui/ are
 * rewritten.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "skein.server.http-listen-port=0",
      "skein.distributor.otlp-grpc-port=0",
      "skein.distributor.otlp-http-port=0"
    })
class UiBrowserIT {

  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;
  @TempDir static Path profileDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("skein.data-dir", () -> dataDir.toString());
  }

  static ChromeDriver driver;
  static List<SpanData> orders;
  static List<SpanData> linked;
  static List<SpanData> big;

  @Autowired OtlpGrpcReceiver grpc;

  @Value("${local.server.port}")
  int port;

  WebDriverWait wait;
  String base;

  @BeforeAll
  static void startBrowser() {
    driver = Chromium.start(profileDir, WAIT);
  }

  @AfterAll
  static void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  /** Exports the traces once for all tests (the server lives as long as the class). */
  @BeforeEach
  void exportOnce() throws Exception {
    wait = new WebDriverWait(driver, WAIT);
    base = "http://127.0.0.1:" + port;
    if (orders != null) {
      return;
    }
    linked = notifyTrace();
    orders = ordersTrace(linked.get(0).getSpanContext());
    big = bigTrace(10_000);
    export(linked);
    export(orders);
    export(big);
    flush();
  }

  @Test
  void longScenario_searchScatterTraceFindingSpanLinkAndBackToSearch() throws Exception {
    String id = orders.get(0).getTraceId();
    String linkedId = linked.get(0).getTraceId();

    // search by service with the form: the service list comes from the tag values API
    driver.get(base + "/");
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#service option[value='orders-api']")));
    new Select(driver.findElement(By.id("service"))).selectByValue("orders-api");
    driver.findElement(By.name("minDuration")).sendKeys("50ms");
    driver.findElement(By.id("search-button")).click();
    WebElement row =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#results-table tr[data-trace='" + id + "']")));
    String searchUrl = driver.getCurrentUrl();
    assertThat(searchUrl).contains("/search?").contains("service=orders-api");
    assertThat(row.getText()).contains("orders-api", "GET /orders", "120ms");
    assertThat(driver.findElements(By.cssSelector("#results-table tbody tr"))).hasSize(1);
    screenshot("search");

    // a click on the trace's dot in the scatter plot opens it
    driver.findElement(By.cssSelector("#scatter circle[data-trace='" + id + "']")).click();
    wait.until(ExpectedConditions.urlContains("/trace/" + id));
    wait.until(d -> d.findElements(By.cssSelector("#waterfall .wf-row")).size() == 16);
    assertThat(driver.findElement(By.id("span-count")).getText()).isEqualTo("16 spans");

    // collapse the root, then expand it again
    driver.findElement(By.cssSelector("#waterfall .wf-row[data-depth='0'] .toggle")).click();
    wait.until(d -> d.findElements(By.cssSelector("#waterfall .wf-row")).size() == 1);
    assertThat(driver.findElement(By.cssSelector("#waterfall .wf-row")).getText()).contains("+15");
    driver.findElement(By.cssSelector("#waterfall .wf-row[data-depth='0'] .toggle")).click();
    wait.until(d -> d.findElements(By.cssSelector("#waterfall .wf-row")).size() == 16);
    assertThat(driver.findElements(By.cssSelector("#waterfall .wf-row.crit"))).isNotEmpty();

    // span details
    rowNamed("load rules").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("details"), "load rules"));
    assertThat(driver.findElement(By.id("details")).getText())
        .contains("pricing", "ERROR: rules unavailable", "Self time", "rules.version");
    screenshot("trace");

    // read the N+1 finding, follow it to its spans, then open one of them
    WebElement nPlusOne =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#findings .finding[data-type='N_PLUS_ONE']")));
    assertThat(nPlusOne.getText()).contains("SELECT order_items").contains("Fix:");
    assertThat(driver.findElements(By.cssSelector("#findings .finding[data-type='ERROR']")))
        .isNotEmpty();
    nPlusOne.click();
    wait.until(d -> d.findElements(By.cssSelector("#waterfall .wf-row.hl")).size() >= 5);
    assertThat(
            driver.findElements(By.cssSelector("#waterfall .wf-row.hl")).stream()
                .filter(r -> r.getText().contains("SELECT order_items"))
                .count())
        .isGreaterThanOrEqualTo(5);
    assertThat(nPlusOne.getAttribute("class")).contains("active");
    screenshot("finding");
    WebElement highlighted = driver.findElements(By.cssSelector("#waterfall .wf-row.hl")).get(2);
    String spanId = highlighted.getAttribute("data-span-id");
    highlighted.click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("span-facts"), spanId));
    assertThat(driver.findElement(By.id("details")).getText())
        .contains("SELECT order_items", "db.system.name", "postgresql");

    // flame graph and service graph
    driver.findElement(By.id("tab-flame")).click();
    WebElement flame = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("flame")));
    assertThat(flame.getSize().getHeight()).isGreaterThan(40);
    screenshot("flame");
    driver.findElement(By.id("tab-graph")).click();
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#service-graph .node[data-service='pricing']")));
    assertThat(
            driver.findElements(
                By.cssSelector("#service-graph .edge[data-from='orders-api'][data-to='pricing']")))
        .hasSize(1);
    screenshot("service-graph");

    // the root span links to the notification trace: follow the deep link in its details
    driver.findElement(By.id("tab-waterfall")).click();
    driver.findElement(By.cssSelector("#waterfall .wf-row[data-depth='0']")).click();
    WebElement link =
        wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("#details .links a[href='/trace/" + linkedId + "']")));
    link.click();
    wait.until(ExpectedConditions.urlContains("/trace/" + linkedId));
    wait.until(ExpectedConditions.textToBe(By.id("trace-id"), linkedId));
    wait.until(d -> d.findElements(By.cssSelector("#waterfall .wf-row")).size() == 2);

    // Back, Back: the trace, then the search with its form and results as they were
    driver.navigate().back();
    wait.until(ExpectedConditions.textToBe(By.id("trace-id"), id));
    driver.navigate().back();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#results-table tr[data-trace='" + id + "']")));
    assertThat(driver.getCurrentUrl()).isEqualTo(searchUrl);
    assertThat(new Select(driver.findElement(By.id("service"))).getFirstSelectedOption().getText())
        .isEqualTo("orders-api");
    assertThat(driver.findElement(By.name("minDuration")).getAttribute("value")).isEqualTo("50ms");

    // deep links typed in: a trace, a search, a missing trace
    driver.get(base + "/trace/" + id);
    wait.until(ExpectedConditions.textToBe(By.id("trace-id"), id));
    wait.until(d -> d.findElements(By.cssSelector("#waterfall .wf-row")).size() == 16);
    driver.get(base + "/search?range=1h&q=" + "%7B%20name%20%3D%20%22load%20rules%22%20%7D");
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#results-table tr[data-trace='" + id + "']")));
    assertThat(driver.findElement(By.id("traceql")).getAttribute("value"))
        .isEqualTo("{ name = \"load rules\" }");
    driver.get(base + "/trace/" + "f".repeat(32));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("trace-error")));
  }

  @Test
  void traceqlBox_namesAndValuesByKeyboard_filteredByTheQuery_errorsInline() throws Exception {
    String id = orders.get(0).getTraceId();
    driver.get(base + "/search?range=1h");
    WebElement box = wait.until(ExpectedConditions.elementToBeClickable(By.id("traceql")));

    // a tag name, chosen with the arrow keys and Tab
    box.sendKeys("{ resource.service.na");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#suggest li")));
    assertThat(suggestions("suggest")).first().isEqualTo("resource.service.name");
    box.sendKeys(Keys.ARROW_DOWN, Keys.TAB);
    assertThat(box.getAttribute("value")).isEqualTo("{ resource.service.name");

    // its values, typed (string values are quoted on insertion), chosen with Enter
    box.sendKeys(" = or");
    wait.until(d -> suggestions("suggest").contains("orders-api"));
    assertThat(driver.findElement(By.cssSelector("#suggest li[data-value='orders-api']")).getText())
        .contains("string");
    box.sendKeys(Keys.ARROW_DOWN);
    screenshot("autocomplete");
    box.sendKeys(Keys.ENTER);
    assertThat(box.getAttribute("value")).isEqualTo("{ resource.service.name = \"orders-api\"");

    // values of another tag, asked with the rest of the query (closed) as the filter q; blocks
    // answer from their dictionaries without applying q (BlockTagSource), so the list itself may
    // hold more than pricing's span names
    box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    box.sendKeys("{ resource.service.name = \"pricing\" && name = ");
    wait.until(d -> suggestions("suggest").contains("load rules"));
    assertThat(suggestions("suggest")).contains("load rules", "POST /price");
    Object asked =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return performance.getEntriesByType('resource').map(e => new URL(e.name))"
                    + ".filter(u => u.pathname === '/api/v2/search/tag/name/values')"
                    + ".map(u => u.searchParams.get('q')).pop()");
    assertThat(asked).isEqualTo("{ resource.service.name = \"pricing\" }");
    screenshot("autocomplete-values");
    box.sendKeys(Keys.ESCAPE);
    assertThat(driver.findElement(By.id("suggest")).isDisplayed()).isFalse();

    // a malformed query: the server's message with line and column next to the box
    box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    box.sendKeys("{ resource.service.name = }");
    driver.findElement(By.id("search-button")).click();
    WebElement error =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("traceql-error")));
    assertThat(error.getText()).containsPattern("line 1, column \\d+");
    assertThat(error.findElement(By.cssSelector("pre")).getText())
        .startsWith("{ resource.service.name = }")
        .endsWith("^");
    assertThat(driver.findElement(By.id("traceql")).getAttribute("class")).contains("invalid");
    screenshot("traceql-error");
    box = driver.findElement(By.id("traceql"));
    box.sendKeys(Keys.END, Keys.BACK_SPACE, Keys.BACK_SPACE, "\"orders-api\" }");
    assertThat(driver.findElement(By.id("traceql-error")).isDisplayed()).isFalse();
    driver.findElement(By.id("search-button")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#results-table tr[data-trace='" + id + "']")));

    // the logfmt tag field completes attribute values too; the span name field span names
    WebElement tags = driver.findElement(By.id("tags"));
    tags.sendKeys("db.system.name=po");
    wait.until(d -> suggestions("tags-suggest").contains("postgresql"));
    tags.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
    assertThat(tags.getAttribute("value")).isEqualTo("db.system.name=postgresql");
    WebElement name = driver.findElement(By.id("span-name"));
    name.sendKeys("load");
    wait.until(d -> suggestions("name-suggest").contains("load rules"));
  }

  @Test
  void largeTrace_rendersWithoutFreezing_timeToFirstPaintPrinted() throws Exception {
    String bigId = big.get(0).getTraceId();
    long t0 = System.nanoTime();
    driver.get(base + "/trace/" + bigId);
    wait.until(ExpectedConditions.textToBe(By.id("span-count"), "10000 spans"));
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#waterfall[data-painted='true'] .wf-row")));
    long wallMillis = (System.nanoTime() - t0) / 1_000_000;
    @SuppressWarnings("unchecked")
    Map<String, Object> timings =
        (Map<String, Object>)
            ((JavascriptExecutor) driver)
                .executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                        + " import('/ui/trace.js').then(m => done({...m.timings}));");
    System.out.printf(
        "10,000-span trace: fetched %.0f ms, span tree built %.0f ms, waterfall first paint %.0f"
            + " ms after navigation in the page; %d ms from driver.get to painted rows (shared"
            + " machine, indicative only)%n",
        ((Number) timings.get("fetched")).doubleValue(),
        ((Number) timings.get("decoded")).doubleValue(),
        ((Number) timings.get("firstPaint")).doubleValue(),
        wallMillis);
    assertThat(((Number) timings.get("spans")).intValue()).isEqualTo(10_000);
    // only a window of rows is in the DOM, also after scrolling far down
    assertThat(driver.findElements(By.cssSelector("#waterfall .wf-row")).size()).isBetween(1, 200);
    ((JavascriptExecutor) driver)
        .executeScript("document.getElementById('waterfall').scrollTop = 24 * 9000;");
    wait.until(
        d ->
            ((Number)
                        ((JavascriptExecutor) d)
                            .executeScript(
                                "return Math.min(...[...document.querySelectorAll("
                                    + "'#waterfall .wf-row')].map(r => parseInt(r.style.top)))"))
                    .longValue()
                > 24L * 8000);
    assertThat(driver.findElements(By.cssSelector("#waterfall .wf-row")).size()).isBetween(1, 200);
    // the page still answers: collapse everything below the root
    driver.findElement(By.id("collapse-all")).click();
    // the root and its 99 children are left: 100 rows of 24 px
    wait.until(
        ExpectedConditions.attributeContains(
            By.cssSelector("#waterfall .wf-inner"), "style", "height: 2400px"));
    assertThat(driver.findElements(By.cssSelector("#waterfall .wf-row")).size()).isBetween(1, 100);
    screenshot("large-trace");
  }

  @Test
  void otlpJsonDecoding_inThePage_idsAndInt64Exact() {
    driver.get(base + "/search");
    Object decoded =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                """
                const done = arguments[arguments.length - 1];
                import('/ui/otlp.js').then(m => {
                  const t = m.decodeTrace({ trace: { resourceSpans: [{
                    resource: { attributes: [{ key: 'service.name', value: { stringValue: 's' } }] },
                    scopeSpans: [{ spans: [
                      { traceId: 'CvdlGRbNQ92ESOshHIAxnA==', spanId: 't61rcWkgMzE=', name: 'root',
                        kind: 'SPAN_KIND_SERVER', startTimeUnixNano: '1795636819177209601',
                        endTimeUnixNano: '1795636819177209703',
                        attributes: [{ key: 'big', value: { intValue: '9007199254740993' } }],
                        status: { code: 'STATUS_CODE_ERROR' } },
                      { traceId: 'CvdlGRbNQ92ESOshHIAxnA==', spanId: 'AAAAAAAAAAE=',
                        parentSpanId: 't61rcWkgMzE=', name: 'child',
                        startTimeUnixNano: '1795636819177209650',
                        endTimeUnixNano: '1795636819177209651' }] }] }] } });
                  const r = t.spans[0], c = t.spans[1];
                  done([r.traceId, r.id, c.parentId, String(c.start), String(c.dur),
                        String(t.duration), r.kind, r.status.code, String(r.attrs[0].value),
                        String(c.depth), String(t.roots.length)].join(' '));
                }).catch(e => done('error ' + e));
                """);
    assertThat(decoded)
        .isEqualTo(
            "0af7651916cd43dd8448eb211c80319c b7ad6b7169203331 b7ad6b7169203331 49 1 102"
                + " SERVER ERROR 9007199254740993 1 1");
  }

  WebElement rowNamed(String name) {
    return driver.findElements(By.cssSelector("#waterfall .wf-row")).stream()
        .filter(r -> r.getText().contains(name))
        .findFirst()
        .orElseThrow();
  }

  List<String> suggestions(String listId) {
    return driver.findElements(By.cssSelector("#" + listId + " li")).stream()
        .map(li -> li.getAttribute("data-value"))
        .toList();
  }

  // ---------------------------------------------------------------- helpers

  void screenshot(String name) throws Exception {
    if (!Boolean.getBoolean("skein.docs.write")) {
      return;
    }
    Path cwd = Path.of("").toAbsolutePath();
    Path root = Files.exists(cwd.resolve("docs")) ? cwd : cwd.getParent();
    Path out = root.resolve("docs/ui").resolve(name + ".png");
    Files.createDirectories(out.getParent());
    Files.write(out, driver.getScreenshotAs(OutputType.BYTES));
  }

  void export(List<SpanData> spans) {
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + grpc.port()).build();
    try {
      for (int i = 0; i < spans.size(); i += 1000) {
        CompletableResultCode result =
            exporter
                .export(spans.subList(i, Math.min(spans.size(), i + 1000)))
                .join(30, TimeUnit.SECONDS);
        assertThat(result.isSuccess()).isTrue();
      }
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  void flush() throws Exception {
    HttpResponse<Void> flush =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flush"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(flush.statusCode()).isEqualTo(204);
  }

  static final class Capture implements SpanExporter {
    final List<SpanData> spans = new ArrayList<>();

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  static SdkTracerProvider provider(String service, Capture capture) {
    return SdkTracerProvider.builder()
        .setResource(
            Resource.getDefault()
                .merge(
                    Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), service))))
        .addSpanProcessor(SimpleSpanProcessor.create(capture))
        .build();
  }

  static final long MS = 1_000_000L;

  /** 2 spans of the notifier service; the root span is first in the returned list. */
  static List<SpanData> notifyTrace() {
    Capture capture = new Capture();
    long t0 = System.currentTimeMillis() * MS - 4_000 * MS;
    try (SdkTracerProvider a = provider("notifier", capture)) {
      Tracer tracer = a.get("ui-it");
      Span root =
          tracer
              .spanBuilder("send order mail")
              .setSpanKind(SpanKind.CONSUMER)
              .setStartTimestamp(t0, TimeUnit.NANOSECONDS)
              .startSpan();
      tracer
          .spanBuilder("render template")
          .setParent(Context.root().with(root))
          .setStartTimestamp(t0 + MS, TimeUnit.NANOSECONDS)
          .startSpan()
          .end(t0 + 3 * MS, TimeUnit.NANOSECONDS);
      root.end(t0 + 5 * MS, TimeUnit.NANOSECONDS);
    }
    List<SpanData> spans = new ArrayList<>(capture.spans);
    spans.sort((x, y) -> Long.compare(x.getStartEpochNanos(), y.getStartEpochNanos()));
    return spans;
  }

  /**
   * 16 spans, 120 ms: orders-api runs 12 sequential SELECTs (an N+1), then calls pricing, whose
   * "load rules" fails. The root span links to {@code link}. The root span is first in the returned
   * list.
   */
  static List<SpanData> ordersTrace(SpanContext link) {
    Capture capture = new Capture();
    long t0 = System.currentTimeMillis() * MS - 5_000 * MS;
    try (SdkTracerProvider a = provider("orders-api", capture);
        SdkTracerProvider b = provider("pricing", capture)) {
      Tracer orders = a.get("ui-it");
      Tracer pricing = b.get("ui-it");
      Span root =
          orders
              .spanBuilder("GET /orders")
              .setSpanKind(SpanKind.SERVER)
              .setAttribute("http.route", "/orders")
              .addLink(link)
              .setStartTimestamp(t0, TimeUnit.NANOSECONDS)
              .startSpan();
      Context rootCtx = Context.root().with(root);
      for (int i = 0; i < 12; i++) {
        long s = t0 + 2 * MS + i * 6 * MS;
        orders
            .spanBuilder("SELECT order_items")
            .setParent(rootCtx)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute("db.system.name", "postgresql")
            .setStartTimestamp(s, TimeUnit.NANOSECONDS)
            .startSpan()
            .end(s + 5 * MS, TimeUnit.NANOSECONDS);
      }
      Span call =
          orders
              .spanBuilder("POST /price")
              .setParent(rootCtx)
              .setSpanKind(SpanKind.CLIENT)
              .setStartTimestamp(t0 + 80 * MS, TimeUnit.NANOSECONDS)
              .startSpan();
      Span server =
          pricing
              .spanBuilder("POST /price")
              .setParent(Context.root().with(call))
              .setSpanKind(SpanKind.SERVER)
              .setStartTimestamp(t0 + 82 * MS, TimeUnit.NANOSECONDS)
              .startSpan();
      Span load =
          pricing
              .spanBuilder("load rules")
              .setParent(Context.root().with(server))
              .setAttribute("rules.version", 7L)
              .setStartTimestamp(t0 + 83 * MS, TimeUnit.NANOSECONDS)
              .startSpan();
      load.addEvent("cache miss", t0 + 84 * MS, TimeUnit.NANOSECONDS);
      load.setStatus(StatusCode.ERROR, "rules unavailable");
      load.end(t0 + 90 * MS, TimeUnit.NANOSECONDS);
      server.end(t0 + 110 * MS, TimeUnit.NANOSECONDS);
      call.end(t0 + 112 * MS, TimeUnit.NANOSECONDS);
      root.end(t0 + 120 * MS, TimeUnit.NANOSECONDS);
    }
    List<SpanData> spans = new ArrayList<>(capture.spans);
    spans.sort((x, y) -> Long.compare(x.getStartEpochNanos(), y.getStartEpochNanos()));
    return spans;
  }

  /** {@code count} spans: a root with 99 children "work-i", each with its own children. */
  static List<SpanData> bigTrace(int count) {
    Capture capture = new Capture();
    long t0 = System.currentTimeMillis() * MS - 10_000 * MS;
    try (SdkTracerProvider a = provider("batch", capture)) {
      Tracer tracer = a.get("ui-it");
      Span root =
          tracer.spanBuilder("run batch").setStartTimestamp(t0, TimeUnit.NANOSECONDS).startSpan();
      Context rootCtx = Context.root().with(root);
      int made = 1;
      int groups = 99;
      int per = (count - 1 - groups) / groups;
      for (int g = 0; g < groups; g++) {
        long gs = t0 + g * 10 * MS;
        Span group =
            tracer
                .spanBuilder("work-" + g)
                .setParent(rootCtx)
                .setStartTimestamp(gs, TimeUnit.NANOSECONDS)
                .startSpan();
        made++;
        Context groupCtx = Context.root().with(group);
        int n = g == groups - 1 ? count - made - (groups - 1 - g) : per;
        for (int i = 0; i < n; i++) {
          long s = gs + i * 90_000L;
          tracer
              .spanBuilder("step")
              .setParent(groupCtx)
              .setStartTimestamp(s, TimeUnit.NANOSECONDS)
              .startSpan()
              .end(s + 80_000L, TimeUnit.NANOSECONDS);
          made++;
        }
        group.end(gs + 9 * MS, TimeUnit.NANOSECONDS);
      }
      root.end(t0 + 1_000 * MS, TimeUnit.NANOSECONDS);
    }
    List<SpanData> spans = new ArrayList<>(capture.spans);
    spans.sort((x, y) -> Long.compare(x.getStartEpochNanos(), y.getStartEpochNanos()));
    assertThat(spans).hasSize(count);
    return spans;
  }
}
