package dev.skein.querier.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.skein.api.v1.SearchResponse;
import dev.skein.api.v1.TraceSearchMetadata;
import dev.skein.common.InvalidRequestException;
import dev.skein.common.SkeinException;
import dev.skein.querier.QuerierConfig;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

public class SearchEngineTest {

  static final long SEC = 1_000_000_000L;

  /** A two-span trace: root in {@code service}, child "db" in service "db". */
  public static Trace trace(int n, String service, long startSec, long durMs, boolean error) {
    TraceId id = TraceId.parseHex(Integer.toHexString(n));
    long start = startSec * SEC;
    Span root =
        Span.newBuilder()
            .setTraceId(id.toByteString())
            .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
            .setName("GET /" + n)
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(start + durMs * 1_000_000)
            .build();
    Span child =
        Span.newBuilder()
            .setTraceId(id.toByteString())
            .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 2}))
            .setParentSpanId(root.getSpanId())
            .setName("SELECT")
            .setStartTimeUnixNano(start + 1)
            .setEndTimeUnixNano(start + 2)
            .setStatus(
                Status.newBuilder()
                    .setCode(
                        error
                            ? Status.StatusCode.STATUS_CODE_ERROR
                            : Status.StatusCode.STATUS_CODE_OK))
            .build();
    return new Trace(id, List.of(rs(service, root), rs("db", child)));
  }

  static ResourceSpans rs(String service, Span span) {
    return ResourceSpans.newBuilder()
        .setResource(
            Resource.newBuilder()
                .addAttributes(
                    KeyValue.newBuilder()
                        .setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))
        .build();
  }

  static SearchSource source(String name, long newest, List<Trace> traces, AtomicInteger runs) {
    return (tenant, plan) ->
        List.of(
            new TraceListJob(
                name,
                newest,
                plan,
                () -> {
                  runs.incrementAndGet();
                  return traces;
                }));
  }

  static SearchQuery query(String q, Map<String, String> tags, int limit) {
    return new SearchQuery(q, tags, Duration.ZERO, null, limit, 3, 0, 0);
  }

  static List<String> ids(SearchResponse r) {
    return r.getTracesList().stream().map(TraceSearchMetadata::getTraceId).toList();
  }

  @Test
  void search_traceql_newestFirstAcrossSources() {
    AtomicInteger runs = new AtomicInteger();
    List<SearchSource> sources =
        List.of(
            source(
                "a",
                Long.MAX_VALUE,
                List.of(trace(1, "cart", 100, 5, true), trace(2, "cart", 300, 5, false)),
                runs),
            source("b", Long.MAX_VALUE, List.of(trace(3, "cart", 200, 5, true)), runs));
    try (SearchEngine engine = new SearchEngine(sources, QuerierConfig.defaults())) {
      SearchResponse r = engine.search(List.of("t"), query("{ status = error }", Map.of(), 20));
      assertThat(ids(r))
          .containsExactly("00000000000000000000000000000003", "00000000000000000000000000000001");
      assertThat(r.getMetrics().getInspectedTraces()).isEqualTo(3);
      assertThat(r.getMetrics().getTotalJobs()).isEqualTo(2);
      assertThat(r.getTraces(0).getRootServiceName()).isEqualTo("cart");
      assertThat(r.getTraces(0).getSpanSets(0).getMatched()).isEqualTo(1);
    }
  }

  @Test
  void search_legacyTags_convertedAndMatched() {
    AtomicInteger runs = new AtomicInteger();
    List<Trace> traces = List.of(trace(1, "cart", 100, 5, false), trace(2, "shop", 100, 5, false));
    try (SearchEngine engine =
        new SearchEngine(
            List.of(source("a", Long.MAX_VALUE, traces, runs)), QuerierConfig.defaults())) {
      SearchResponse r = engine.search(List.of("t"), query("", Map.of("service.name", "shop"), 20));
      assertThat(ids(r)).containsExactly("00000000000000000000000000000002");
    }
  }

  @Test
  void search_minDuration_boundsTraceDuration() {
    AtomicInteger runs = new AtomicInteger();
    List<Trace> traces =
        List.of(trace(1, "cart", 100, 5, false), trace(2, "cart", 100, 500, false));
    try (SearchEngine engine =
        new SearchEngine(
            List.of(source("a", Long.MAX_VALUE, traces, runs)), QuerierConfig.defaults())) {
      SearchQuery q = new SearchQuery("", Map.of(), Duration.ofMillis(100), null, 20, 3, 0, 0);
      assertThat(ids(engine.search(List.of("t"), q)))
          .containsExactly("00000000000000000000000000000002");
    }
  }

  @Test
  void search_sameDataTwice_deterministicAndLimited() {
    AtomicInteger runs = new AtomicInteger();
    List<Trace> traces = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      traces.add(trace(i, "cart", 100 + (i % 3), 5, false));
    }
    try (SearchEngine engine =
        new SearchEngine(
            List.of(source("a", Long.MAX_VALUE, traces, runs)), QuerierConfig.defaults())) {
      SearchResponse first = engine.search(List.of("t"), query("{ }", Map.of(), 7));
      SearchResponse second = engine.search(List.of("t"), query("{ }", Map.of(), 7));
      assertThat(ids(first)).hasSize(7).isEqualTo(ids(second));
    }
  }

  @Test
  void search_olderJobsAfterLimitReached_notRun() {
    AtomicInteger newRuns = new AtomicInteger();
    AtomicInteger oldRuns = new AtomicInteger();
    QuerierConfig d = QuerierConfig.defaults();
    QuerierConfig oneAtATime =
        new QuerierConfig(
            d.maxTraceBytes(),
            20,
            d.maxSearchLimit(),
            3,
            100,
            d.maxSearchDuration(),
            1,
            d.queryTimeout());
    List<SearchSource> sources =
        List.of(
            source("new", 500 * SEC, List.of(trace(1, "cart", 400, 5, false)), newRuns),
            source("old", 100 * SEC, List.of(trace(2, "cart", 50, 5, false)), oldRuns));
    try (SearchEngine engine = new SearchEngine(sources, oneAtATime)) {
      SearchResponse r = engine.search(List.of("t"), query("{ }", Map.of(), 1));
      assertThat(ids(r)).containsExactly("00000000000000000000000000000001");
      assertThat(oldRuns).hasValue(0);
      assertThat(r.getMetrics().getCompletedJobs()).isEqualTo(1);
      assertThat(r.getMetrics().getTotalJobs()).isEqualTo(2);
    }
  }

  @Test
  void search_tracePartsInTwoSources_mergedDurationAndRoot() {
    AtomicInteger runs = new AtomicInteger();
    Trace whole = trace(1, "cart", 100, 50, false);
    Trace rootPart = new Trace(whole.traceId(), List.of(whole.resourceSpans().get(0)));
    Trace late = trace(1, "cart", 100, 50, false);
    Span lateSpan =
        late.resourceSpans().get(1).getScopeSpans(0).getSpans(0).toBuilder()
            .setStartTimeUnixNano(100 * SEC + 10)
            .setEndTimeUnixNano(100 * SEC + 900_000_000L)
            .build();
    Trace childPart = new Trace(whole.traceId(), List.of(rs("db", lateSpan)));
    List<SearchSource> sources =
        List.of(
            source("ingester", Long.MAX_VALUE, List.of(childPart), runs),
            source("block", Long.MAX_VALUE, List.of(rootPart), runs));
    try (SearchEngine engine = new SearchEngine(sources, QuerierConfig.defaults())) {
      SearchResponse r = engine.search(List.of("t"), query("{ }", Map.of(), 20));
      assertThat(r.getTracesList()).hasSize(1);
      TraceSearchMetadata m = r.getTraces(0);
      assertThat(m.getRootServiceName()).isEqualTo("cart");
      assertThat(m.getDurationMs()).isEqualTo(900);
      assertThat(m.getServiceStatsMap()).containsOnlyKeys("cart", "db");
    }
  }

  @Test
  void search_badTraceQL_400WithPosition() {
    try (SearchEngine engine = new SearchEngine(List.of(), QuerierConfig.defaults())) {
      assertThatThrownBy(() -> engine.search(List.of("t"), query("{ status = }", Map.of(), 20)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("invalid TraceQL: ")
          .hasMessageContaining("line 1, column");
    }
  }

  @Test
  void search_failingSource_failsNamingIt() {
    SearchSource broken =
        (tenant, plan) ->
            List.of(
                new TraceListJob(
                    "block t/42",
                    Long.MAX_VALUE,
                    plan,
                    () -> {
                      throw new IllegalStateException("checksum mismatch");
                    }));
    try (SearchEngine engine = new SearchEngine(List.of(broken), QuerierConfig.defaults())) {
      assertThatThrownBy(() -> engine.search(List.of("t"), query("{ }", Map.of(), 20)))
          .isInstanceOf(SkeinException.class)
          .hasMessage("search failed reading block t/42: checksum mismatch");
    }
  }
}
