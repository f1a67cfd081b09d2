package dev.skein.querier.analysis;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds time nobody accounts for: idle gaps inside a parent (no child running) and the time a
 * client span waited beyond its server span (network, pools, queues).
 */
final class Gaps {

  private Gaps() {}

  /** Idle gaps; client spans with a server child are left to {@link #network}. */
  static List<Finding> idle(SpanGraph graph, AnalysisConfig config) {
    List<Finding> findings = new ArrayList<>();
    for (SpanNode node : graph.nodes) {
      long gap = node.gap();
      if (node.children.isEmpty()
          || gap < config.idleGapMin().toNanos()
          || gap < config.idleGapMinRatio() * node.duration()
          || (node.kind() == SpanKind.SPAN_KIND_CLIENT && hasServerChild(node))) {
        continue;
      }
      List<String> ids = new ArrayList<>(3);
      ids.add(node.spanId);
      SpanNode before = childEndingAt(node, node.gapStart);
      SpanNode after = childStartingAt(node, node.gapEnd);
      if (before != null) {
        ids.add(before.spanId);
      }
      if (after != null) {
        ids.add(after.spanId);
      }
      findings.add(
          new Finding(
              FindingType.IDLE_GAP,
              Findings.severity(gap, graph.duration()),
              "Idle gap of " + Findings.duration(gap) + " in " + node.label(),
              node.label()
                  + " ran "
                  + Findings.duration(node.duration())
                  + ", but for "
                  + Findings.duration(gap)
                  + " ("
                  + Findings.percent(gap, node.duration())
                  + "), from +"
                  + Findings.duration(node.gapStart - node.start)
                  + " to +"
                  + Findings.duration(node.gapEnd - node.start)
                  + " into the span, none of its "
                  + node.children.size()
                  + " child spans was running.",
              "The span was either working on something untraced or waiting (a lock, a sleep,"
                  + " a connection or thread pool, a queue); add spans or profile the code"
                  + " between the neighbouring child spans to see which.",
              gap,
              ids));
    }
    return findings;
  }

  /** Client spans that last much longer than the server span they called. */
  static List<Finding> network(SpanGraph graph, AnalysisConfig config) {
    List<Finding> findings = new ArrayList<>();
    for (SpanNode client : graph.nodes) {
      if (client.kind() != SpanKind.SPAN_KIND_CLIENT) {
        continue;
      }
      for (SpanNode server : client.children) {
        // Durations, not positions: skewed clocks shift the server span but do not stretch it.
        long gap = client.duration() - server.duration();
        if (server.kind() == SpanKind.SPAN_KIND_SERVER
            && gap >= config.networkGapMin().toNanos()
            && gap >= config.networkGapMinRatio() * client.duration()) {
          findings.add(networkGap(graph, client, server, gap));
        }
      }
    }
    return findings;
  }

  private static Finding networkGap(SpanGraph graph, SpanNode client, SpanNode server, long gap) {
    String where;
    if (server.start >= client.start && server.end <= client.end) {
      long late = server.start - client.start;
      long early = client.end - server.end;
      where =
          " The server started "
              + Findings.duration(late)
              + " after the client and ended "
              + Findings.duration(early)
              + " before it"
              + (late >= early
                  ? ": the request waited before the server saw it."
                  : ": the response took long to come back.");
    } else {
      where =
          " The server span lies partly outside the client span, so the two hosts' clocks"
              + " disagree; only the durations were compared.";
    }
    return new Finding(
        FindingType.NETWORK_GAP,
        Findings.severity(gap, graph.duration()),
        "Network gap of "
            + Findings.duration(gap)
            + " between "
            + client.service
            + " and "
            + server.service,
        "Client "
            + client.label()
            + " waited "
            + Findings.duration(client.duration())
            + ", but server "
            + server.label()
            + " ran only "
            + Findings.duration(server.duration())
            + ": "
            + Findings.duration(gap)
            + " ("
            + Findings.percent(gap, client.duration())
            + ") went to the network, connection setup, proxies or queues between them."
            + where,
        "Look at what sits between the two: connection pool waits, DNS and TLS handshakes, load"
            + " balancers and sidecars, a saturated server thread pool or request queue, and"
            + " payload size. A late server start points at queueing or connecting, an early"
            + " server end at a slow response transfer.",
        gap,
        List.of(client.spanId, server.spanId));
  }

  private static boolean hasServerChild(SpanNode node) {
    return node.children.stream().anyMatch(c -> c.kind() == SpanKind.SPAN_KIND_SERVER);
  }

  private static @Nullable SpanNode childEndingAt(SpanNode node, long time) {
    for (SpanNode child : node.children) {
      if (Math.min(child.end, node.end) == time && child.end > node.start) {
        return child;
      }
    }
    return null;
  }

  private static @Nullable SpanNode childStartingAt(SpanNode node, long time) {
    for (SpanNode child : node.children) {
      if (Math.max(child.start, node.start) == time && child.start < node.end) {
        return child;
      }
    }
    return null;
  }
}
