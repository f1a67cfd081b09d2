package dev.skein.querier.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Self time, the largest uncovered gap and the critical path of every span of a {@link SpanGraph}.
 * Children are clipped to their parent, so clock skew never makes a self time negative. O(n log n).
 */
final class Timing {

  private static final Comparator<SpanNode> LAST_FINISHING_FIRST =
      Comparator.comparingLong((SpanNode n) -> n.effEnd)
          .thenComparingLong(n -> n.effStart)
          .reversed();

  private Timing() {}

  /** Fills in self time and gaps of every span; returns how many children lay outside. */
  static int selfTimes(SpanGraph graph) {
    int skewed = 0;
    for (SpanNode node : graph.nodes) {
      skewed += selfTime(node);
    }
    return skewed;
  }

  /**
   * Self time is the span's duration minus the union of its children's intervals clipped to it.
   * Children are in start order, and clipping keeps that order, so one merge pass suffices.
   */
  private static int selfTime(SpanNode node) {
    int skewed = 0;
    long covered = 0;
    long cursor = node.start;
    long runStart = -1;
    long runEnd = -1;
    for (SpanNode child : node.children) {
      if (child.start < node.start || child.end > node.end) {
        skewed++;
      }
      long s = Math.max(child.start, node.start);
      long e = Math.min(child.end, node.end);
      if (s >= e) {
        continue;
      }
      if (runEnd >= 0 && s <= runEnd) {
        runEnd = Math.max(runEnd, e);
        continue;
      }
      if (runEnd >= 0) {
        covered += runEnd - runStart;
        gap(node, cursor, runStart);
        cursor = runEnd;
      }
      runStart = s;
      runEnd = e;
    }
    if (runEnd >= 0) {
      covered += runEnd - runStart;
      gap(node, cursor, runStart);
      gap(node, runEnd, node.end);
    }
    node.selfNanos = node.duration() - covered;
    return skewed;
  }

  private static void gap(SpanNode node, long from, long to) {
    if (to - from > node.gap()) {
      node.gapStart = from;
      node.gapEnd = to;
    }
  }

  /**
   * The critical path from {@code root}, in time order: walking backwards from the root's end, the
   * last child to finish before the current point is on the path, the time after it belongs to the
   * parent, and the walk goes on from that child's start. Iterative, so deep traces cannot overflow
   * the stack.
   */
  static List<CriticalPathSegment> criticalPath(SpanGraph graph, SpanNode root) {
    clipToAncestors(graph);
    List<CriticalPathSegment> reversed = new ArrayList<>();
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(root));
    while (!stack.isEmpty()) {
      Frame frame = stack.peek();
      SpanNode node = frame.node;
      SpanNode[] kids = frame.kids;
      while (frame.next < kids.length && kids[frame.next].effEnd > frame.cursor) {
        frame.next++;
      }
      if (frame.next < kids.length) {
        SpanNode child = kids[frame.next++];
        segment(graph, reversed, node, child.effEnd, frame.cursor);
        frame.cursor = child.effStart;
        stack.push(new Frame(child));
      } else {
        segment(graph, reversed, node, node.effStart, frame.cursor);
        stack.pop();
      }
    }
    Collections.reverse(reversed);
    return reversed;
  }

  /** Top-down, so that a span's clipped interval is known before its children's. */
  private static void clipToAncestors(SpanGraph graph) {
    for (SpanNode node : graph.topDown) {
      SpanNode parent = node.parent;
      if (parent == null) {
        node.effStart = node.start;
        node.effEnd = node.end;
        node.effValid = true;
      } else {
        node.effStart = Math.max(node.start, parent.effStart);
        node.effEnd = Math.min(node.end, parent.effEnd);
        node.effValid = parent.effValid && node.effStart <= node.effEnd;
      }
    }
  }

  private static void segment(
      SpanGraph graph, List<CriticalPathSegment> out, SpanNode node, long from, long to) {
    if (to > from) {
      node.criticalNanos += to - from;
      out.add(new CriticalPathSegment(node.spanId, from - graph.start, to - from));
    }
  }

  /** A span being walked: the point reached so far and its children, last finishing first. */
  private static final class Frame {
    final SpanNode node;
    final SpanNode[] kids;
    long cursor;
    int next;

    Frame(SpanNode node) {
      this.node = node;
      this.cursor = node.effEnd;
      // Zero-length children cannot hold up anything, so they never join the path.
      this.kids =
          node.children.stream()
              .filter(c -> c.effValid && c.effEnd > c.effStart)
              .sorted(LAST_FINISHING_FIRST)
              .toArray(SpanNode[]::new);
    }
  }
}
