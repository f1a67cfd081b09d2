package dev.skein.querier.analysis;

import static dev.skein.querier.analysis.TestTrace.id;
import static dev.skein.querier.analysis.TestTrace.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.skein.trace.Trace;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TraceAnalyzerTest {

  /**
   * frontend [0,100] with auth [10,40] and cart [30,90]; cart calls db [40,60]. Auth overlaps cart
   * but finishes before it, so it is off the critical path.
   */
  static TestTrace checkout() {
    return new TestTrace()
        .span(1, 0, "frontend", "GET /checkout", 0, 100)
        .span(2, 1, "auth", "check token", 10, 40)
        .span(3, 1, "cart", "load cart", 30, 90)
        .span(4, 3, "db", "SELECT cart", 40, 60);
  }

  static Map<String, SpanAnalysis> byId(TraceAnalysis analysis) {
    return analysis.spans().stream()
        .collect(Collectors.toMap(SpanAnalysis::spanId, Function.identity()));
  }

  @Test
  void analyze_nestedSpans_selfTimeIsDurationMinusChildUnion() {
    Map<String, SpanAnalysis> spans = byId(checkout().analyze());

    assertThat(spans.get(id(1)).selfNanos()).isEqualTo(ms(20));
    assertThat(spans.get(id(2)).selfNanos()).isEqualTo(ms(30));
    assertThat(spans.get(id(3)).selfNanos()).isEqualTo(ms(40));
    assertThat(spans.get(id(4)).selfNanos()).isEqualTo(ms(20));
  }

  @Test
  void analyze_nestedSpans_depthsAndOffsets() {
    TraceAnalysis analysis = checkout().analyze();

    assertThat(analysis.spans())
        .extracting(SpanAnalysis::spanId, SpanAnalysis::depth, SpanAnalysis::startOffsetNanos)
        .containsExactly(
            tuple(id(1), 0, 0L),
            tuple(id(2), 1, ms(10)),
            tuple(id(3), 1, ms(30)),
            tuple(id(4), 2, ms(40)));
    assertThat(analysis.startTimeUnixNano()).isEqualTo(TestTrace.T0);
    assertThat(analysis.durationNanos()).isEqualTo(ms(100));
    assertThat(analysis.spanCount()).isEqualTo(4);
    assertThat(analysis.warnings()).isEmpty();
  }

  @Test
  void analyze_overlappingChildren_criticalPathFollowsLastFinishingChild() {
    TraceAnalysis analysis = checkout().analyze();

    assertThat(analysis.criticalPath())
        .containsExactly(
            new CriticalPathSegment(id(1), 0, ms(30)),
            new CriticalPathSegment(id(3), ms(30), ms(10)),
            new CriticalPathSegment(id(4), ms(40), ms(20)),
            new CriticalPathSegment(id(3), ms(60), ms(30)),
            new CriticalPathSegment(id(1), ms(90), ms(10)));
    Map<String, SpanAnalysis> spans = byId(analysis);
    assertThat(spans.get(id(1)).criticalPathNanos()).isEqualTo(ms(40));
    assertThat(spans.get(id(3)).criticalPathNanos()).isEqualTo(ms(40));
    assertThat(spans.get(id(2)).onCriticalPath()).isFalse();
    assertThat(spans.get(id(2)).criticalPathNanos()).isZero();
    assertThat(spans.get(id(4)).onCriticalPath()).isTrue();
  }

  @Test
  void analyze_parentFullyCoveredByChild_parentStillOnCriticalPath() {
    TraceAnalysis analysis =
        new TestTrace().span(1, 0, "a", "root", 0, 50).span(2, 1, "b", "child", 0, 50).analyze();

    assertThat(analysis.criticalPath()).containsExactly(new CriticalPathSegment(id(2), 0, ms(50)));
    assertThat(analysis.spans()).allMatch(SpanAnalysis::onCriticalPath);
    assertThat(byId(analysis).get(id(1)).selfNanos()).isZero();
  }

  @Test
  void analyze_sequentialChildren_criticalPathWalksBackThroughEach() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "a", "root", 0, 100)
            .span(2, 1, "a", "first", 10, 30)
            .span(3, 1, "a", "second", 40, 80)
            .analyze();

    assertThat(analysis.criticalPath())
        .containsExactly(
            new CriticalPathSegment(id(1), 0, ms(10)),
            new CriticalPathSegment(id(2), ms(10), ms(20)),
            new CriticalPathSegment(id(1), ms(30), ms(10)),
            new CriticalPathSegment(id(3), ms(40), ms(40)),
            new CriticalPathSegment(id(1), ms(80), ms(20)));
  }

  @Test
  void analyze_services_totalAndSelfTimeMostSelfFirst() {
    TraceAnalysis analysis = checkout().analyze();

    assertThat(analysis.services())
        .containsExactly(
            new ServiceAnalysis("cart", 1, 0, ms(60), ms(40)),
            new ServiceAnalysis("auth", 1, 0, ms(30), ms(30)),
            new ServiceAnalysis("db", 1, 0, ms(20), ms(20)),
            new ServiceAnalysis("frontend", 1, 0, ms(100), ms(20)));
  }

  @Test
  void analyze_healthyTrace_noFindings() {
    assertThat(checkout().analyze().findings()).isEmpty();
  }

  @Test
  void analyze_emptyTrace_emptyAnalysis() {
    TraceAnalysis analysis =
        new TraceAnalyzer(AnalysisConfig.defaults()).analyze(new Trace(TestTrace.ID, List.of()));

    assertThat(analysis.spans()).isEmpty();
    assertThat(analysis.criticalPath()).isEmpty();
    assertThat(analysis.findings()).isEmpty();
    assertThat(analysis.durationNanos()).isZero();
  }

  @Test
  void analyze_childOutsideParent_clippedAndWarned() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "a", "root", 0, 100)
            .span(2, 1, "b", "skewed", 90, 150)
            .analyze();

    Map<String, SpanAnalysis> spans = byId(analysis);
    assertThat(spans.get(id(1)).selfNanos()).isEqualTo(ms(90));
    assertThat(spans.get(id(2)).durationNanos()).isEqualTo(ms(60));
    assertThat(analysis.criticalPath())
        .containsExactly(
            new CriticalPathSegment(id(1), 0, ms(90)),
            new CriticalPathSegment(id(2), ms(90), ms(10)));
    assertThat(analysis.warnings()).anyMatch(w -> w.contains("clock skew"));
  }

  @Test
  void analyze_childEntirelyBeforeParent_neverNegativeSelfTime() {
    TraceAnalysis analysis =
        new TestTrace().span(1, 0, "a", "root", 100, 200).span(2, 1, "b", "early", 0, 50).analyze();

    Map<String, SpanAnalysis> spans = byId(analysis);
    assertThat(spans.get(id(1)).selfNanos()).isEqualTo(ms(100));
    assertThat(analysis.criticalPath())
        .containsExactly(new CriticalPathSegment(id(1), ms(100), ms(100)));
  }

  @Test
  void analyze_negativeDuration_countsAsZero() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "a", "root", 0, 100)
            .span(2, 1, "a", "backwards", 50, 20)
            .analyze();

    Map<String, SpanAnalysis> spans = byId(analysis);
    assertThat(spans.get(id(2)).durationNanos()).isZero();
    assertThat(spans.get(id(2)).selfNanos()).isZero();
    assertThat(spans.get(id(1)).selfNanos()).isEqualTo(ms(100));
    assertThat(analysis.warnings())
        .containsExactly("1 span ended before it started; its duration counts as 0");
  }

  @Test
  void analyze_duplicateSpanIds_firstKeptAndWarned() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "a", "root", 0, 100)
            .span(2, 1, "a", "child", 10, 20)
            .span(2, 1, "a", "child again", 30, 40)
            .analyze();

    assertThat(analysis.spanCount()).isEqualTo(2);
    assertThat(byId(analysis).get(id(2)).name()).isEqualTo("child");
    assertThat(analysis.warnings()).anyMatch(w -> w.contains("repeated an earlier span id"));
  }

  @Test
  void analyze_spanWithoutId_ignoredAndWarned() {
    Trace trace = new TestTrace().span(1, 0, "a", "root", 0, 100).build();
    var broken =
        trace.resourceSpans().get(0).toBuilder()
            .addScopeSpans(
                io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder()
                    .addSpans(io.opentelemetry.proto.trace.v1.Span.newBuilder().setName("no id")))
            .build();

    TraceAnalysis analysis =
        new TraceAnalyzer(AnalysisConfig.defaults())
            .analyze(new Trace(TestTrace.ID, List.of(broken)));

    assertThat(analysis.spanCount()).isEqualTo(1);
    assertThat(analysis.warnings()).containsExactly("1 span had no span id and was ignored");
  }

  @Test
  void analyze_missingParent_orphanIsDepthZeroAndPathFollowsRealRoot() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 0, "a", "root", 0, 100)
            .span(2, 99, "b", "orphan", 0, 300)
            .span(3, 2, "b", "under orphan", 10, 20)
            .analyze();

    Map<String, SpanAnalysis> spans = byId(analysis);
    assertThat(spans.get(id(2)).depth()).isZero();
    assertThat(spans.get(id(2)).parentSpanId()).isEqualTo(id(99));
    assertThat(spans.get(id(3)).depth()).isEqualTo(1);
    assertThat(analysis.criticalPath()).containsExactly(new CriticalPathSegment(id(1), 0, ms(100)));
    assertThat(analysis.durationNanos()).isEqualTo(ms(300));
  }

  @Test
  void analyze_parentCycle_cutAndWarned() {
    TraceAnalysis analysis =
        new TestTrace()
            .span(1, 2, "a", "one", 0, 100)
            .span(2, 1, "a", "two", 10, 50)
            .span(3, 3, "a", "self", 60, 70)
            .analyze();

    assertThat(analysis.spanCount()).isEqualTo(3);
    assertThat(byId(analysis).get(id(1)).depth()).isZero();
    assertThat(byId(analysis).get(id(2)).depth()).isEqualTo(1);
    assertThat(analysis.warnings())
        .contains(
            "1 span named itself as parent and was treated as a root",
            "1 span closed a parent cycle, which was cut there");
    assertThat(analysis.criticalPath()).isNotEmpty();
  }

  @Test
  void analyze_zeroDurationSpans_neitherSelfTimeNorPath() {
    TraceAnalysis analysis =
        new TestTrace().span(1, 0, "a", "root", 0, 10).span(2, 1, "a", "instant", 10, 10).analyze();

    assertThat(byId(analysis).get(id(2)).onCriticalPath()).isFalse();
    assertThat(analysis.criticalPath()).containsExactly(new CriticalPathSegment(id(1), 0, ms(10)));
  }

  @Test
  void analyze_tenThousandSpanTree_pathCoversRootAndSelfTimesAddUp() {
    Random random = new Random(42);
    TestTrace trace = new TestTrace().span(1, 0, "svc0", "root", 0, 100_000);
    long[] start = new long[10_001];
    long[] end = new long[10_001];
    end[1] = 100_000;
    for (int i = 2; i <= 10_000; i++) {
      int parent = 1 + random.nextInt(i - 1);
      long s = start[parent] + random.nextLong(Math.max(1, end[parent] - start[parent]));
      long e = s + random.nextLong(Math.max(1, end[parent] - s + 1));
      start[i] = s;
      end[i] = e;
      trace.span(i, parent, "svc" + (i % 7), "op" + (i % 13), s, e);
    }

    TraceAnalysis analysis = trace.analyze();

    assertThat(analysis.spanCount()).isEqualTo(10_000);
    assertThat(analysis.criticalPath().stream().mapToLong(CriticalPathSegment::durationNanos).sum())
        .isEqualTo(ms(100_000));
    assertThat(analysis.spans())
        .allMatch(s -> s.selfNanos() >= 0 && s.selfNanos() <= s.durationNanos());
    assertThat(analysis.warnings()).isEmpty();
  }

  @Test
  void analyze_tenThousandChildrenOfOneParent_oneNPlusOneFinding() {
    TestTrace trace = new TestTrace().span(1, 0, "api", "GET /report", 0, 20_010);
    for (int i = 0; i < 10_000; i++) {
      trace.span(10 + i, 1, "api", "SELECT row", 5 + i * 2, 6 + i * 2);
    }

    TraceAnalysis analysis = trace.analyze();

    assertThat(analysis.spanCount()).isEqualTo(10_001);
    assertThat(analysis.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.type()).isEqualTo(FindingType.N_PLUS_ONE);
              assertThat(f.spanIds()).hasSize(10_001);
            });
  }

  @Test
  void analyze_tenThousandDeepChain_noStackOverflow() {
    TestTrace trace = new TestTrace();
    for (int i = 1; i <= 10_000; i++) {
      trace.span(i, i - 1, "svc", "level", i, 30_000 - i);
    }

    TraceAnalysis analysis = trace.analyze();

    assertThat(byId(analysis).get(id(10_000)).depth()).isEqualTo(9_999);
    assertThat(analysis.spans()).allMatch(SpanAnalysis::onCriticalPath);
  }
}
