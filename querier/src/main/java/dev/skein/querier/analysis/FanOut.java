package dev.skein.querier.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds wide fan-outs whose tail dominates: a parent runs many children in parallel and waits for
 * one that is much slower than the median of its siblings.
 */
final class FanOut {

  private FanOut() {}

  static List<Finding> find(SpanGraph graph, AnalysisConfig config) {
    List<Finding> findings = new ArrayList<>();
    for (SpanNode parent : graph.nodes) {
      List<SpanNode> children = parent.children;
      if (children.size() < config.fanOutMinChildren()
          || 2 * RepeatedCalls.overlapping(children) <= children.size() - 1) {
        continue;
      }
      SpanNode slowest = children.get(0);
      for (SpanNode child : children) {
        if (child.duration() > slowest.duration()) {
          slowest = child;
        }
      }
      long median = medianWithout(children, slowest);
      long tail = slowest.duration() - median;
      if (slowest.duration() >= config.fanOutTailRatio() * median
          && tail >= config.fanOutMinTail().toNanos()) {
        findings.add(finding(graph, parent, slowest, median, tail));
      }
    }
    return findings;
  }

  private static Finding finding(
      SpanGraph graph, SpanNode parent, SpanNode slowest, long median, long tail) {
    String times =
        median > 0
            ? " (" + Math.round((double) slowest.duration() / median) + " times as long)"
            : "";
    return new Finding(
        FindingType.FAN_OUT_TAIL,
        Findings.severity(tail, graph.duration()),
        "Fan-out tail: " + slowest.label() + " held up " + parent.label(),
        parent.label()
            + " ran "
            + parent.children.size()
            + " child spans in parallel; "
            + slowest.label()
            + " took "
            + Findings.duration(slowest.duration())
            + " while its siblings took "
            + Findings.duration(median)
            + " at the median"
            + times
            + ", so the parent waited "
            + Findings.duration(tail)
            + " longer for one straggler.",
        "Find out why that one call was slow (a hot shard or key, a cold cache, a slow host, a"
            + " pause); bound the wait with a timeout, hedge the request to another replica, or"
            + " answer without the straggler when partial results are acceptable.",
        tail,
        List.of(slowest.spanId, parent.spanId));
  }

  /** Median duration of {@code spans} other than {@code without} (lower median). */
  private static long medianWithout(List<SpanNode> spans, SpanNode without) {
    long[] durations = new long[spans.size() - 1];
    int i = 0;
    for (SpanNode span : spans) {
      if (span != without) {
        durations[i++] = span.duration();
      }
    }
    Arrays.sort(durations);
    return durations[(durations.length - 1) / 2];
  }
}
