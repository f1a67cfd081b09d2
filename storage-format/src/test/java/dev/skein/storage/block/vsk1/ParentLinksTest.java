package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.storage.block.TraceNormalizer;
import dev.skein.storage.block.TraceNormalizer.FlatSpan;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class ParentLinksTest {

  private static final TraceId TRACE = new TraceId(1, 2);

  @Test
  void distances_thenAssembler_rebuildEveryKindOfParentExactly() {
    // start times fix the row order: a, b, c, d, e, f
    Span a = span("a", "", 1); // root
    Span b = span("b", "a", 2); // parent one row back
    Span c = span("c", "f", 3); // parent comes later: negative distance
    Span d = span("d", "d", 4); // its own parent: distance 0
    Span e = span("e", "zz", 5); // orphan: parent not in the trace, stored raw
    Span f = span("f", "b", 6); // duplicate span id below: resolves to the first "f"
    Span f2 = span("f", "a", 7);
    Trace trace = trace(a, b, c, d, e, f, f2);
    TraceRows rows = new TraceRows(trace);

    assertThat(rows.parentDistance)
        .containsExactly(ParentLinks.NO_DISTANCE, 1, -3, 0, ParentLinks.NO_DISTANCE, 4, 6);

    ParentLinks.Assembler assembler = new ParentLinks.Assembler();
    for (int i = 0; i < rows.spans.size(); i++) {
      FlatSpan fs = rows.spans.get(i);
      // what the reader decodes: no parent id unless it is stored raw
      Span stored =
          rows.parentDistance[i] == ParentLinks.NO_DISTANCE
              ? fs.span()
              : fs.span().toBuilder().clearParentSpanId().build();
      assembler.add(
          new RowDecoder.Decoded(
              TRACE, new FlatSpan(fs.resource(), fs.scope(), stored), rows.parentDistance[i]));
    }
    assertThat(assembler.toTrace(TRACE)).isEqualTo(TraceNormalizer.normalize(trace));
  }

  @Test
  void assembler_distanceOutsideTheTrace_failsNamingTheTrace() {
    FlatSpan only = new TraceRows(trace(span("a", "", 1))).spans.get(0);
    ParentLinks.Assembler assembler = new ParentLinks.Assembler();
    assembler.add(new RowDecoder.Decoded(TRACE, only, 5));
    assertThatThrownBy(() -> assembler.toTrace(TRACE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(TRACE.toString())
        .hasMessageContaining("parent_distance 5");
  }

  private static Span span(String id, String parent, long start) {
    return TraceFixtures.span(TRACE, id, parent, start);
  }

  private static Trace trace(Span... spans) {
    return TraceFixtures.trace(TRACE, spans);
  }
}
