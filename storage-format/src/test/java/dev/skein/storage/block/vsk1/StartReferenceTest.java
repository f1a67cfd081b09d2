package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class StartReferenceTest {

  private static final TraceId TRACE = new TraceId(3, 4);

  @Test
  void deltas_areRelativeToPreviousSiblingOrParent_andWalkRebuildsEveryStart() {
    // row order by start: root, client1, server1, db1, client2, server2, orphan, early, late
    Span root = span("r", "", 1_000);
    Span client1 = span("c1", "r", 5_000);
    Span server1 = span("s1", "c1", 5_200);
    Span db1 = span("d1", "s1", 5_400);
    Span client2 = span("c2", "r", 9_000);
    Span server2 = span("s2", "c2", 9_200);
    Span orphan = span("o", "unknown", 9_300);
    Span early = span("e", "l", 9_350); // its parent's row comes later
    Span late = span("l", "r", 9_500);
    TraceRows rows =
        new TraceRows(trace(root, client1, server1, db1, client2, server2, orphan, early, late));

    assertThat(rows.startDelta)
        .containsExactly(
            0, // first row: the trace start
            4_000, // first child of the root: the root
            200, // server after its client
            200, // query after its server
            4_000, // second child of the root: the previous child (client1)
            200, // server after its client
            100, // parent not in the trace: the previous row
            50, // parent comes later: the previous row
            500); // third child of the root: the previous child (client2)

    StartReference.Walk walk = new StartReference.Walk();
    walk.reset(rows.start);
    for (int i = 0; i < rows.spans.size(); i++) {
      long start = walk.referenceStart(rows.parentDistance[i]) + rows.startDelta[i];
      assertThat(start).isEqualTo(rows.spans.get(i).span().getStartTimeUnixNano());
      walk.add(rows.parentDistance[i], start);
    }
  }

  @Test
  void walk_distancePastTheFirstRow_fallsBackToThePreviousRow() {
    // a corrupt distance must not index outside the trace; the assembler reports it later
    StartReference.Walk walk = new StartReference.Walk();
    walk.reset(100);
    walk.add(ParentLinks.NO_DISTANCE, 100);
    assertThat(walk.referenceStart(7)).isEqualTo(100);
    walk.add(7, 130);
    assertThat(walk.referenceStart(1)).isEqualTo(130);
  }

  @Test
  void walk_growsPastItsInitialCapacity() {
    StartReference.Walk walk = new StartReference.Walk();
    walk.reset(0);
    walk.add(ParentLinks.NO_DISTANCE, 0);
    for (int i = 1; i < 1_000; i++) {
      // every row a child of the first: each refers to the previous child
      assertThat(walk.referenceStart(i)).isEqualTo(i == 1 ? 0 : i - 1);
      walk.add(i, i);
    }
  }

  private static Span span(String id, String parent, long start) {
    return TraceFixtures.span(TRACE, id, parent, start);
  }

  private static Trace trace(Span... spans) {
    return TraceFixtures.trace(TRACE, spans);
  }
}
