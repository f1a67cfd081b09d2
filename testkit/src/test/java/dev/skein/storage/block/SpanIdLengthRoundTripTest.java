package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.testkit.RandomTraces;
import dev.skein.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Span ids of every length round-trip exactly: vsk1 keeps 8-byte ids in a fixed-width column and
 * any other length (empty, 3, 16 bytes) apart, and parent distances still resolve to them.
 */
class SpanIdLengthRoundTripTest {

  @TempDir Path dir;

  @Test
  void spanIdsOfOtherLengths_iterateAndFindGiveNormalizedInput() {
    List<Trace> traces = new ArrayList<>();
    for (Trace t : new RandomTraces(11).traces(120, 12)) {
      traces.add(withOddIds(t));
    }
    long odd =
        traces.stream()
            .flatMap(t -> t.resourceSpans().stream())
            .flatMap(rs -> rs.getScopeSpansList().stream())
            .flatMap(ss -> ss.getSpansList().stream())
            .filter(s -> s.getSpanId().size() != 8)
            .count();
    assertThat(odd).as("spans whose id is not 8 bytes").isGreaterThan(100);

    RoundTrip.assertExact(
        BlockFormats.defaultForWrites(),
        dir,
        traces,
        new BlockConfig(64 << 10, 4096, 50, 0.01, 256, 50, 3));
  }

  /** The trace with its span and parent ids mapped by {@link #oddId} (consistently). */
  private static Trace withOddIds(Trace t) {
    List<ResourceSpans> out = new ArrayList<>();
    for (ResourceSpans rs : t.resourceSpans()) {
      ResourceSpans.Builder rb = rs.toBuilder().clearScopeSpans();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans.Builder sb = ss.toBuilder().clearSpans();
        for (Span s : ss.getSpansList()) {
          sb.addSpans(
              s.toBuilder()
                  .setSpanId(oddId(s.getSpanId()))
                  .setParentSpanId(oddId(s.getParentSpanId())));
        }
        rb.addScopeSpans(sb);
      }
      out.add(rb.build());
    }
    return new Trace(t.traceId(), out);
  }

  /** By the id's first byte: empty, 3 bytes, 16 bytes, or unchanged. */
  private static ByteString oddId(ByteString id) {
    if (id.isEmpty()) {
      return id;
    }
    return switch (Math.floorMod(id.byteAt(0), 7)) {
      case 0 -> ByteString.EMPTY;
      case 1, 2 -> id.substring(0, 3);
      case 3, 4 -> id.concat(id);
      default -> id;
    };
  }
}
