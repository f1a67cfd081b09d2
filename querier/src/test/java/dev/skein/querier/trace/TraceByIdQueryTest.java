package dev.skein.querier.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.querier.QuerierConfig;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TraceByIdQueryTest {

  static final TraceId ID = TraceId.parseHex("abc");

  static Trace part(int... spanIds) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int id : spanIds) {
      scope.addSpans(
          Span.newBuilder()
              .setTraceId(ID.toByteString())
              .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) id}))
              .setName("s" + id));
    }
    return new Trace(ID, List.of(ResourceSpans.newBuilder().addScopeSpans(scope).build()));
  }

  static TraceLookup lookup(String name, Optional<Trace> part) {
    return new TraceLookup() {
      @Override
      public String describe() {
        return name;
      }

      @Override
      public Result find() {
        return new Result(part, 100);
      }
    };
  }

  static TraceLookup failing(String name) {
    return new TraceLookup() {
      @Override
      public String describe() {
        return name;
      }

      @Override
      public Result find() {
        throw new IllegalStateException("disk on fire");
      }
    };
  }

  static QuerierConfig config(long maxBytes, Duration timeout) {
    QuerierConfig d = QuerierConfig.defaults();
    return new QuerierConfig(
        maxBytes,
        d.defaultSearchLimit(),
        d.maxSearchLimit(),
        d.defaultSpansPerSpanSet(),
        d.maxSpansPerSpanSet(),
        d.maxSearchDuration(),
        2,
        timeout);
  }

  @Test
  void find_partsInSeveralSources_combinedWithoutDuplicates() {
    TraceSource ingesters = (t, id, w) -> List.of(lookup("ingester-1", Optional.of(part(1, 2))));
    TraceSource blocks =
        (t, id, w) ->
            List.of(
                lookup("block a", Optional.of(part(2, 3))), lookup("block b", Optional.empty()));
    try (TraceByIdQuery query =
        new TraceByIdQuery(List.of(ingesters, blocks), QuerierConfig.defaults())) {
      TraceByIdResult result = query.find(List.of("t"), ID, TimeWindow.UNBOUNDED);
      assertThat(result.trace()).get().extracting(Trace::spanCount).isEqualTo(3);
      assertThat(result.partial()).isFalse();
      assertThat(result.message()).isEmpty();
      assertThat(result.inspectedBytes()).isEqualTo(300);
    }
  }

  @Test
  void find_nothingAnywhere_emptyAndComplete() {
    TraceSource none = (t, id, w) -> List.of(lookup("block a", Optional.empty()));
    try (TraceByIdQuery query = new TraceByIdQuery(List.of(none), QuerierConfig.defaults())) {
      TraceByIdResult result = query.find(List.of("t"), ID, TimeWindow.UNBOUNDED);
      assertThat(result.trace()).isEmpty();
      assertThat(result.partial()).isFalse();
    }
  }

  @Test
  void find_failingSource_partialWithMessageAndOtherPartsKept() {
    TraceSource mixed =
        (t, id, w) -> List.of(lookup("block a", Optional.of(part(1))), failing("ingester-2"));
    try (TraceByIdQuery query = new TraceByIdQuery(List.of(mixed), QuerierConfig.defaults())) {
      TraceByIdResult result = query.find(List.of("t"), ID, TimeWindow.UNBOUNDED);
      assertThat(result.trace()).get().extracting(Trace::spanCount).isEqualTo(1);
      assertThat(result.partial()).isTrue();
      assertThat(result.message())
          .isEqualTo("1 of 2 sources could not be read, first: ingester-2: disk on fire");
    }
  }

  @Test
  void find_stuckSource_partialAfterTimeout() {
    CountDownLatch never = new CountDownLatch(1);
    TraceLookup stuck =
        new TraceLookup() {
          @Override
          public String describe() {
            return "ingester-3";
          }

          @Override
          public Result find() throws InterruptedException {
            never.await();
            return Result.none(0);
          }
        };
    TraceSource source = (t, id, w) -> List.of(stuck, lookup("block a", Optional.of(part(1))));
    try (TraceByIdQuery query =
        new TraceByIdQuery(List.of(source), config(1 << 20, Duration.ofMillis(200)))) {
      TraceByIdResult result = query.find(List.of("t"), ID, TimeWindow.UNBOUNDED);
      assertThat(result.partial()).isTrue();
      assertThat(result.message()).contains("ingester-3 timed out");
      assertThat(result.trace()).get().extracting(Trace::spanCount).isEqualTo(1);
    }
  }

  @Test
  void find_overSizeCap_partialNamingTheLimit() {
    int oneSpan = part(1).resourceSpans().get(0).getScopeSpans(0).getSpans(0).getSerializedSize();
    TraceSource source = (t, id, w) -> List.of(lookup("block a", Optional.of(part(1, 2, 3))));
    try (TraceByIdQuery query =
        new TraceByIdQuery(List.of(source), config(oneSpan * 2L, Duration.ofSeconds(5)))) {
      TraceByIdResult result = query.find(List.of("t"), ID, TimeWindow.UNBOUNDED);
      assertThat(result.trace()).get().extracting(Trace::spanCount).isEqualTo(2);
      assertThat(result.partial()).isTrue();
      assertThat(result.message())
          .startsWith("trace exceeds the size limit of " + oneSpan * 2L + " bytes")
          .endsWith("1 spans left out");
    }
  }

  @Test
  void find_severalTenants_asksEachTenant() {
    List<String> asked = new ArrayList<>();
    TraceSource source =
        (t, id, w) -> {
          synchronized (asked) {
            asked.add(t);
          }
          return List.of();
        };
    try (TraceByIdQuery query = new TraceByIdQuery(List.of(source), QuerierConfig.defaults())) {
      query.find(List.of("a", "b"), ID, TimeWindow.UNBOUNDED);
    }
    assertThat(asked).containsExactly("a", "b");
  }

  @Test
  void timeWindow_overlaps_boundsInclusive() {
    TimeWindow w = new TimeWindow(100, 200);
    assertThat(w.overlaps(150_000_000_000L, 160_000_000_000L)).isTrue();
    assertThat(w.overlaps(50_000_000_000L, 99_000_000_000L)).isFalse();
    assertThat(w.overlaps(201_000_000_000L, 300_000_000_000L)).isFalse();
    assertThat(w.overlaps(99_500_000_000L, 99_600_000_000L)).isTrue();
    assertThat(TimeWindow.UNBOUNDED.overlaps(0, 1)).isTrue();
  }
}
