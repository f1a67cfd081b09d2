package dev.skein.ingester.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.testkit.RandomTraces;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceCombiner;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link WalPayloads#single}, the flush path's shortcut for a trace with one WAL record, gives what
 * combining that record gives, exactly, and takes the shortcut for what the distributor writes.
 */
class WalPayloadsTest {

  @Test
  void distributorShapedPayloads_takeTheShortcut_sameTrace() {
    List<Trace> traces = new ArrayList<>(new ShopTraces(3).traces(300));
    // random traces hold empty and repeated groups: the distributor's split never writes those
    new RandomTraces(5).traces(300, 25).forEach(t -> traces.add(combined(t)));
    for (Trace t : traces) {
      TracesData data = TracesData.newBuilder().addAllResourceSpans(t.resourceSpans()).build();
      assertThat(WalPayloads.combinesToItself(t.traceId(), data)).as("%s", t.traceId()).isTrue();
      assertSameAsCombining(t.traceId(), data);
    }
  }

  /**
   * Payloads that combining changes: a span twice, a resource or scope group twice, empty groups, a
   * span of another trace; and one it keeps: a span id again with another kind. Each is either left
   * to the combiner or gives the combiner's result.
   */
  @Test
  void payloadsThatCombiningChanges_sameTraceAsCombining() {
    Random random = new Random(17);
    int shortcuts = 0;
    for (Trace t : new RandomTraces(9).traces(400, 12)) {
      TracesData data = mutate(combined(t), random);
      if (WalPayloads.combinesToItself(t.traceId(), data)) {
        shortcuts++;
      }
      assertSameAsCombining(t.traceId(), data);
    }
    assertThat(shortcuts).as("mutations that keep the payload canonical").isLessThan(400);
  }

  /** Past a handful of groups they are told apart by hashing instead of pair by pair. */
  @Test
  void manyResourceGroups_oneRepeated_sameTraceAsCombining() {
    Trace t = new ShopTraces(11).traces(1).get(0);
    ResourceSpans rs = t.resourceSpans().get(0);
    ScopeSpans scope = rs.getScopeSpans(0);
    TracesData.Builder distinct = TracesData.newBuilder();
    for (int i = 0; i < 12; i++) {
      // each group its own schema URL and its own span, so only the groups can collide
      Span span = scope.getSpans(0).toBuilder().setSpanId(spanId(i)).build();
      distinct.addResourceSpans(
          rs.toBuilder()
              .setSchemaUrl("https://example.com/schema/" + i)
              .clearScopeSpans()
              .addScopeSpans(scope.toBuilder().clearSpans().addSpans(span)));
    }
    TracesData repeated = distinct.clone().addResourceSpans(distinct.getResourceSpans(3)).build();

    assertThat(WalPayloads.combinesToItself(t.traceId(), distinct.build())).isTrue();
    assertThat(WalPayloads.combinesToItself(t.traceId(), repeated)).isFalse();
    assertSameAsCombining(t.traceId(), distinct.build());
    assertSameAsCombining(t.traceId(), repeated);
  }

  private static ByteString spanId(int i) {
    return ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) i});
  }

  private static Trace combined(Trace t) {
    return TraceCombiner.combine(t.traceId(), List.of(t));
  }

  private static TracesData mutate(Trace t, Random random) {
    TracesData.Builder data = TracesData.newBuilder().addAllResourceSpans(t.resourceSpans());
    ResourceSpans first = data.getResourceSpans(0);
    ScopeSpans scope = first.getScopeSpans(0);
    Span span = scope.getSpans(0);
    switch (random.nextInt(7)) {
      case 0 -> data.addResourceSpans(first); // the same resource group twice
      case 1 ->
          data.setResourceSpans(
              0, first.toBuilder().addScopeSpans(scope.toBuilder().clearSpans())); // empty scope
      case 2 -> data.addResourceSpans(first.toBuilder().clearScopeSpans()); // empty resource
      case 3 -> data.setResourceSpans(0, withSpan(first, span)); // a span twice
      case 4 ->
          data.setResourceSpans(
              0,
              withSpan(
                  first,
                  span.toBuilder()
                      .setTraceId(ByteString.copyFrom(new byte[16]))
                      .build())); // a span of another trace
      case 5 ->
          data.setResourceSpans(
              0,
              withSpan(
                  first,
                  span.toBuilder()
                      .setKindValue(span.getKindValue() + 1)
                      .build())); // its id again, another kind
      default -> data.setResourceSpans(0, first.toBuilder().addScopeSpans(scope)); // scope twice
    }
    return data.build();
  }

  /** {@code rs} with {@code span} added to its first scope group. */
  private static ResourceSpans withSpan(ResourceSpans rs, Span span) {
    return rs.toBuilder().setScopeSpans(0, rs.getScopeSpans(0).toBuilder().addSpans(span)).build();
  }

  private static void assertSameAsCombining(TraceId id, TracesData data) {
    byte[] payload = WalPayloads.of(id, data.toByteArray());
    TraceCombiner combiner = new TraceCombiner(id, Long.MAX_VALUE);
    WalPayloads.addTo(combiner, payload);
    Trace combined = combiner.result();
    Optional<Trace> expected =
        combined.resourceSpans().isEmpty() ? Optional.empty() : Optional.of(combined);
    Optional<Trace> single = WalPayloads.single(id, payload);
    assertThat(single).isEqualTo(expected);
    single.ifPresent(
        t ->
            assertThat(TracesData.newBuilder().addAllResourceSpans(t.resourceSpans()).build())
                .extracting(TracesData::toByteString)
                .isEqualTo(
                    TracesData.newBuilder()
                        .addAllResourceSpans(combined.resourceSpans())
                        .build()
                        .toByteString()));
  }
}
