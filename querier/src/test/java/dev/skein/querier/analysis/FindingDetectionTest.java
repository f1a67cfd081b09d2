package dev.skein.querier.analysis;

import static dev.skein.querier.analysis.TestTrace.id;
import static dev.skein.querier.analysis.TestTrace.ms;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingDetectionTest {

  /** A parent running {@code calls} queries of 10 ms, {@code spacing} ms apart (start to start). */
  static TestTrace queries(int calls, long spacing) {
    TestTrace trace = new TestTrace().span(1, 0, "orders", "GET /orders", 0, 20 + calls * spacing);
    for (int i = 0; i < calls; i++) {
      trace.span(10 + i, 1, "orders", "SELECT item", 10 + i * spacing, 20 + i * spacing);
    }
    return trace;
  }

  // N+1

  @Test
  void nPlusOne_tenSequentialQueries_reportedWithParentAndCalls() {
    TraceAnalysis analysis = queries(10, 12).analyze();

    List<Finding> findings = analysis.findings(FindingType.N_PLUS_ONE);
    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.spanIds()).hasSize(11).startsWith(id(1), id(10)).endsWith(id(19));
    assertThat(finding.impactNanos()).isEqualTo(ms(100));
    assertThat(finding.explanation())
        .contains("'SELECT item' (orders) 10 times, one after another")
        .contains("100 ms")
        .contains("10 ms each");
    assertThat(finding.severity()).isEqualTo(Severity.HIGH);
    assertThat(analysis.findings()).extracting(Finding::type).containsOnly(FindingType.N_PLUS_ONE);
  }

  @Test
  void nPlusOne_belowThreshold_notReported() {
    assertThat(queries(4, 12).analyze().findings()).isEmpty();
  }

  @Test
  void nPlusOne_thresholdRaised_notReported() {
    AnalysisConfig config = config(12, AnalysisConfig.DEFAULT_IDLE_GAP_MIN);

    assertThat(queries(10, 12).analyze(config).findings(FindingType.N_PLUS_ONE)).isEmpty();
  }

  @Test
  void nPlusOne_parallelQueries_notReported() {
    TestTrace trace = new TestTrace().span(1, 0, "orders", "GET /orders", 0, 30);
    for (int i = 0; i < 10; i++) {
      trace.span(10 + i, 1, "orders", "SELECT item", 10, 20);
    }

    assertThat(trace.analyze().findings()).isEmpty();
  }

  @Test
  void nPlusOne_differentNames_notReported() {
    TestTrace trace = new TestTrace().span(1, 0, "orders", "GET /orders", 0, 140);
    for (int i = 0; i < 10; i++) {
      trace.span(10 + i, 1, "orders", "step " + i, 10 + i * 12, 20 + i * 12);
    }

    assertThat(trace.analyze().findings()).isEmpty();
  }

  // Retry storm

  @Test
  void retryStorm_mostAttemptsFailed_reportedNotAsNPlusOne() {
    TestTrace trace = new TestTrace().span(1, 0, "cart", "POST /cart", 0, 600);
    for (int i = 0; i < 5; i++) {
      trace.span(10 + i, 1, "cart", "GET /inventory", 10 + i * 110, 110 + i * 110);
      if (i < 4) {
        trace.error("connection refused");
      }
    }

    TraceAnalysis analysis = trace.analyze();

    List<Finding> storms = analysis.findings(FindingType.RETRY_STORM);
    assertThat(storms).hasSize(1);
    assertThat(storms.get(0).spanIds()).containsExactly(id(10), id(11), id(12), id(13), id(14));
    assertThat(storms.get(0).explanation())
        .contains("ran 5 times")
        .contains("4 runs failed")
        .contains("connection refused")
        .contains("400 ms");
    assertThat(storms.get(0).severity()).isEqualTo(Severity.HIGH);
    assertThat(analysis.findings(FindingType.N_PLUS_ONE)).isEmpty();
  }

  @Test
  void retryStorm_clientAndServerRetries_reportedOnce() {
    TestTrace trace = new TestTrace().span(1, 0, "cart", "POST /cart", 0, 400);
    for (int i = 0; i < 3; i++) {
      trace
          .span(10 + i, 1, "cart", "GET /inventory", i * 100, i * 100 + 90)
          .kind(SpanKind.SPAN_KIND_CLIENT)
          .error("503")
          .span(20 + i, 10 + i, "inventory", "GET /inventory", i * 100 + 1, i * 100 + 89)
          .kind(SpanKind.SPAN_KIND_SERVER)
          .error("overloaded");
    }

    assertThat(trace.analyze().findings(FindingType.RETRY_STORM))
        .singleElement()
        .satisfies(f -> assertThat(f.spanIds()).containsExactly(id(10), id(11), id(12)));
  }

  @Test
  void retryStorm_repeatsWithoutErrors_notReported() {
    TestTrace trace = new TestTrace().span(1, 0, "cart", "POST /cart", 0, 400);
    for (int i = 0; i < 3; i++) {
      trace.span(10 + i, 1, "cart", "GET /inventory", i * 100, i * 100 + 90);
    }

    assertThat(trace.analyze().findings()).isEmpty();
  }

  @Test
  void retryStorm_oneFailureInFive_notReported() {
    TestTrace trace = new TestTrace().span(1, 0, "cart", "POST /cart", 0, 60);
    for (int i = 0; i < 3; i++) {
      trace.span(10 + i, 1, "cart", "GET /inventory", i * 10, i * 10 + 9);
    }
    trace.error("timeout").span(20, 1, "cart", "GET /inventory", 40, 49);
    trace.span(21, 1, "cart", "GET /inventory", 50, 59);

    assertThat(trace.analyze().findings(FindingType.RETRY_STORM)).isEmpty();
  }

  // Fan-out tail

  static TestTrace fanOut(long slowestMs) {
    TestTrace trace = new TestTrace().span(1, 0, "search", "GET /search", 0, slowestMs + 20);
    for (int i = 0; i < 7; i++) {
      trace.span(10 + i, 1, "index", "query shard " + i, 10, 50 + i);
    }
    return trace.span(20, 1, "index", "query shard 7", 10, 10 + slowestMs);
  }

  @Test
  void fanOutTail_oneSlowChild_reportedWithStragglerFirst() {
    List<Finding> findings = fanOut(450).analyze().findings(FindingType.FAN_OUT_TAIL);

    assertThat(findings).hasSize(1);
    Finding finding = findings.get(0);
    assertThat(finding.spanIds()).containsExactly(id(20), id(1));
    assertThat(finding.impactNanos()).isEqualTo(ms(450 - 43));
    assertThat(finding.explanation())
        .contains("ran 8 child spans in parallel")
        .contains("'query shard 7' (index) took 450 ms")
        .contains("43 ms at the median");
    assertThat(finding.severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void fanOutTail_evenChildren_notReported() {
    assertThat(fanOut(55).analyze().findings()).isEmpty();
  }

  @Test
  void fanOutTail_sequentialChildren_notReported() {
    TestTrace trace = new TestTrace().span(1, 0, "batch", "run", 0, 1000);
    for (int i = 0; i < 7; i++) {
      trace.span(10 + i, 1, "batch", "step " + i, i * 20, i * 20 + 19);
    }
    trace.span(20, 1, "batch", "step 7", 140, 990);

    assertThat(trace.analyze().findings(FindingType.FAN_OUT_TAIL)).isEmpty();
  }

  // Idle gap

  @Test
  void idleGap_longUncoveredStretch_reportedWithNeighbours() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "shop", "POST /checkout", 0, 1000)
            .span(2, 1, "shop", "validate", 0, 100)
            .span(3, 1, "shop", "save", 900, 1000)
            .analyze();

    List<Finding> findings = analysis.findings(FindingType.IDLE_GAP);
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).spanIds()).containsExactly(id(1), id(2), id(3));
    assertThat(findings.get(0).impactNanos()).isEqualTo(ms(800));
    assertThat(findings.get(0).explanation())
        .contains("but for 800 ms (80%), from +100 ms to +900 ms");
    assertThat(analysis.findings()).hasSize(1);
  }

  @Test
  void idleGap_shortGaps_notReported() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "shop", "POST /checkout", 0, 1000)
            .span(2, 1, "shop", "validate", 0, 450)
            .span(3, 1, "shop", "save", 500, 1000)
            .analyze();

    assertThat(analysis.findings()).isEmpty();
  }

  @Test
  void idleGap_gapBelowRatioOfLongParent_notReported() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "shop", "POST /checkout", 0, 10_000)
            .span(2, 1, "shop", "validate", 0, 5000)
            .span(3, 1, "shop", "save", 5500, 10_000)
            .analyze();

    assertThat(analysis.findings(FindingType.IDLE_GAP)).isEmpty();
  }

  @Test
  void idleGap_leafSpan_notReported() {
    TraceAnalysis analysis = new TestTrace().span(1, 0, "shop", "compute", 0, 1000).analyze();

    assertThat(analysis.findings()).isEmpty();
  }

  // Network gap

  static TestTrace call(long serverStart, long serverEnd) {
    return new TestTrace()
        .span(1, 0, "web", "render", 0, 420)
        .span(2, 1, "web", "GET /api/user", 10, 410)
        .kind(SpanKind.SPAN_KIND_CLIENT)
        .span(3, 2, "users", "GET /api/user", serverStart, serverEnd)
        .kind(SpanKind.SPAN_KIND_SERVER);
  }

  @Test
  void networkGap_serverStartsLate_reportedAsQueueing() {
    TraceAnalysis analysis = call(160, 360).analyze();

    List<Finding> findings = analysis.findings(FindingType.NETWORK_GAP);
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).spanIds()).containsExactly(id(2), id(3));
    assertThat(findings.get(0).impactNanos()).isEqualTo(ms(200));
    assertThat(findings.get(0).explanation())
        .contains("waited 400 ms")
        .contains("ran only 200 ms: 200 ms (50%)")
        .contains("started 150 ms after the client and ended 50 ms before it")
        .contains("waited before the server saw it");
    assertThat(analysis.findings(FindingType.IDLE_GAP)).isEmpty();
  }

  @Test
  void networkGap_skewedClocks_comparesDurations() {
    List<Finding> findings = call(5000, 5200).analyze().findings(FindingType.NETWORK_GAP);

    assertThat(findings)
        .singleElement()
        .satisfies(f -> assertThat(f.explanation()).contains("clocks"));
  }

  @Test
  void networkGap_serverFillsClient_notReported() {
    assertThat(call(15, 405).analyze().findings()).isEmpty();
  }

  @Test
  void networkGap_skewedButSameDuration_notReported() {
    assertThat(call(5000, 5390).analyze().findings(FindingType.NETWORK_GAP)).isEmpty();
  }

  // Broken propagation

  @Test
  void brokenPropagation_orphan_reportedWithMissingParent() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "web", "GET /", 0, 100)
            .span(2, 77, "mailer", "send", 20, 40)
            .analyze();

    List<Finding> findings = analysis.findings(FindingType.BROKEN_PROPAGATION);
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.spanIds()).containsExactly(id(2));
              assertThat(f.explanation()).contains("(in mailer)").contains(id(77));
            });
  }

  @Test
  void brokenPropagation_twoRoots_reported() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "web", "GET /", 0, 100)
            .span(2, 0, "worker", "process job", 50, 150)
            .analyze();

    assertThat(analysis.findings(FindingType.BROKEN_PROPAGATION))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.spanIds()).containsExactly(id(1), id(2));
              assertThat(f.explanation()).contains("2 spans without a parent");
            });
  }

  @Test
  void brokenPropagation_connectedTrace_notReported() {
    assertThat(TraceAnalyzerTest.checkout().analyze().findings(FindingType.BROKEN_PROPAGATION))
        .isEmpty();
  }

  @Test
  void brokenPropagation_clientCallWithoutServerSpan_reportedAsTraceStopping() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "web", "render", 0, 300)
            .span(2, 1, "web", "GET /api/user", 10, 100)
            .kind(SpanKind.SPAN_KIND_CLIENT)
            .span(3, 2, "users", "GET /api/user", 15, 95)
            .kind(SpanKind.SPAN_KIND_SERVER)
            .span(4, 1, "web", "GET /api/user", 110, 200)
            .kind(SpanKind.SPAN_KIND_CLIENT)
            .span(5, 1, "web", "GET /api/avatar", 210, 290)
            .kind(SpanKind.SPAN_KIND_CLIENT)
            .attribute("peer.service", "users")
            .analyze();

    assertThat(analysis.findings(FindingType.BROKEN_PROPAGATION))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.spanIds()).containsExactly(id(4), id(5));
              assertThat(f.title()).isEqualTo("2 client calls have no server span");
            });
  }

  @Test
  void brokenPropagation_failedOrUntracedClientCalls_notReported() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "web", "render", 0, 300)
            .span(2, 1, "web", "GET /api/user", 10, 100)
            .kind(SpanKind.SPAN_KIND_CLIENT)
            .span(3, 2, "users", "GET /api/user", 15, 95)
            .kind(SpanKind.SPAN_KIND_SERVER)
            .span(4, 1, "web", "GET /api/user", 110, 120)
            .kind(SpanKind.SPAN_KIND_CLIENT)
            .error("connection refused")
            .span(5, 1, "web", "SELECT user", 210, 290)
            .kind(SpanKind.SPAN_KIND_CLIENT)
            .attribute("peer.service", "postgres")
            .analyze();

    assertThat(analysis.findings(FindingType.BROKEN_PROPAGATION)).isEmpty();
  }

  // Errors

  @Test
  void error_chainToRoot_firstCauseIsDeepestFailedSpan() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "web", "POST /pay", 0, 100)
            .error("500")
            .span(2, 1, "payments", "charge", 10, 90)
            .error("")
            .span(3, 2, "payments", "lookup card", 20, 30)
            .span(4, 2, "db", "UPDATE balance", 40, 80)
            .error("")
            .exception("PSQLException", "deadlock detected")
            .analyze();

    List<Finding> errors = analysis.findings(FindingType.ERROR);
    assertThat(errors).hasSize(1);
    Finding error = errors.get(0);
    assertThat(error.spanIds()).containsExactly(id(4), id(2), id(1));
    assertThat(error.severity()).isEqualTo(Severity.HIGH);
    assertThat(error.explanation())
        .contains("'POST /pay' (web) failed because 'UPDATE balance' (db), 2 levels below it")
        .contains("PSQLException: deadlock detected")
        .contains("reached the root");
  }

  @Test
  void error_twoFailedSiblingsSameDepth_earliestEndingIsCause() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "web", "GET /", 0, 100)
            .error("")
            .span(2, 1, "a", "late", 10, 90)
            .error("late failure")
            .span(3, 1, "b", "early", 10, 50)
            .error("early failure")
            .analyze();

    assertThat(analysis.findings(FindingType.ERROR))
        .singleElement()
        .satisfies(f -> assertThat(f.spanIds()).containsExactly(id(3), id(1)));
  }

  @Test
  void error_handledBelowHealthyParent_mediumAndSaysHandled() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "web", "GET /", 0, 100)
            .span(2, 1, "cache", "GET key", 10, 20)
            .error("miss")
            .analyze();

    assertThat(analysis.findings(FindingType.ERROR))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(f.spanIds()).containsExactly(id(2));
              assertThat(f.explanation())
                  .contains("'GET key' (cache) failed: miss")
                  .contains("handled");
            });
  }

  @Test
  void error_noFailedSpans_notReported() {
    assertThat(TraceAnalyzerTest.checkout().analyze().findings(FindingType.ERROR)).isEmpty();
  }

  // A healthy trace

  /**
   * A typical request: gateway → shop (server) that reads the user from a database, then asks
   * prices and stock in parallel (similar durations), then renders. Nothing here is a bad shape.
   */
  @Test
  void healthyMicroserviceTrace_noFindingsAndNoWarnings() {
    TestTrace trace =
        new TestTrace()
            .span(1, 0, "gateway", "GET /product/42", 0, 205)
            .kind(SpanKind.SPAN_KIND_SERVER)
            .span(2, 1, "gateway", "GET /product/42", 2, 203)
            .kind(SpanKind.SPAN_KIND_CLIENT)
            .span(3, 2, "shop", "GET /product/{id}", 4, 201)
            .kind(SpanKind.SPAN_KIND_SERVER)
            .span(4, 3, "shop", "SELECT user", 6, 16)
            .kind(SpanKind.SPAN_KIND_CLIENT)
            .span(5, 3, "shop", "SELECT product", 17, 30)
            .kind(SpanKind.SPAN_KIND_CLIENT);
    for (int i = 0; i < 6; i++) {
      long end = 100 + i * 8;
      trace
          .span(10 + i, 3, "shop", "GET /price/" + i, 32, end)
          .kind(SpanKind.SPAN_KIND_CLIENT)
          .span(20 + i, 10 + i, "pricing", "GET /price/{id}", 34, end - 2)
          .kind(SpanKind.SPAN_KIND_SERVER);
    }
    trace.span(30, 3, "shop", "render", 150, 199);

    TraceAnalysis analysis = trace.analyze();

    assertThat(analysis.findings()).isEmpty();
    assertThat(analysis.warnings()).isEmpty();
    assertThat(analysis.criticalPath().stream().mapToLong(CriticalPathSegment::durationNanos).sum())
        .isEqualTo(ms(205));
  }

  // Caps and ordering

  @Test
  void findings_capPerType_keepsMostCostly() {
    TestTrace trace = new TestTrace().span(1, 0, "web", "GET /", 0, 1000);
    for (int i = 0; i < 5; i++) {
      trace.span(10 + i, 1, "web", "step", i * 100, i * 100 + 90).error("e" + i);
    }
    AnalysisConfig config =
        new AnalysisConfig(
            5,
            3,
            0.5,
            5,
            3.0,
            Duration.ofMillis(10),
            Duration.ofMillis(100),
            0.3,
            Duration.ofMillis(50),
            0.3,
            2);

    assertThat(trace.analyze(config).findings(FindingType.ERROR)).hasSize(2);
  }

  static AnalysisConfig config(int nPlusOneMinCalls, Duration idleGapMin) {
    return new AnalysisConfig(
        nPlusOneMinCalls,
        AnalysisConfig.DEFAULT_RETRY_MIN_ATTEMPTS,
        AnalysisConfig.DEFAULT_RETRY_MIN_ERROR_RATIO,
        AnalysisConfig.DEFAULT_FAN_OUT_MIN_CHILDREN,
        AnalysisConfig.DEFAULT_FAN_OUT_TAIL_RATIO,
        AnalysisConfig.DEFAULT_FAN_OUT_MIN_TAIL,
        idleGapMin,
        AnalysisConfig.DEFAULT_IDLE_GAP_MIN_RATIO,
        AnalysisConfig.DEFAULT_NETWORK_GAP_MIN,
        AnalysisConfig.DEFAULT_NETWORK_GAP_MIN_RATIO,
        AnalysisConfig.DEFAULT_MAX_FINDINGS_PER_TYPE);
  }
}
