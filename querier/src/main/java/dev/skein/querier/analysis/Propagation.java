package dev.skein.querier.analysis;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds broken context propagation: spans whose parent never arrived, and traces with more than one
 * root span.
 */
final class Propagation {

  private static final int NAMED = 3;

  private Propagation() {}

  static List<Finding> find(SpanGraph graph) {
    List<Finding> findings = new ArrayList<>(2);
    List<SpanNode> orphans = graph.nodes.stream().filter(n -> n.orphan).toList();
    if (!orphans.isEmpty()) {
      findings.add(orphans(orphans));
    }
    List<SpanNode> roots = graph.nodes.stream().filter(n -> n.parentSpanId.isEmpty()).toList();
    if (roots.size() > 1) {
      findings.add(roots(roots));
    }
    List<SpanNode> dangling = danglingClients(graph);
    if (!dangling.isEmpty()) {
      findings.add(dangling(dangling));
    }
    return findings;
  }

  /**
   * Client spans without children although the service they call is traced: another call of the
   * same operation got a server span, or their {@code peer.service} is a service of this trace.
   */
  private static List<SpanNode> danglingClients(SpanGraph graph) {
    Set<String> answered = new HashSet<>();
    Set<String> services = new HashSet<>();
    for (SpanNode node : graph.nodes) {
      services.add(node.service);
      if (node.kind() == SpanKind.SPAN_KIND_CLIENT
          && node.children.stream().anyMatch(c -> c.kind() == SpanKind.SPAN_KIND_SERVER)) {
        answered.add(node.service + '\n' + node.name());
      }
    }
    List<SpanNode> dangling = new ArrayList<>();
    for (SpanNode node : graph.nodes) {
      // A failed call may never have reached the server (connection refused): not a break.
      if (node.kind() == SpanKind.SPAN_KIND_CLIENT
          && node.children.isEmpty()
          && !node.error
          && (answered.contains(node.service + '\n' + node.name())
              || services.contains(peerService(node)))) {
        dangling.add(node);
      }
    }
    return dangling;
  }

  private static Finding dangling(List<SpanNode> clients) {
    SpanNode first = clients.get(0);
    return new Finding(
        FindingType.BROKEN_PROPAGATION,
        Severity.MEDIUM,
        clients.size()
            + (clients.size() == 1 ? " client call has" : " client calls have")
            + " no server span",
        clients.size()
            + (clients.size() == 1 ? " client span, " : " client spans, for example ")
            + first.label()
            + ", called a service that is traced elsewhere in this trace, but no server span"
            + " answers the call: the trace stops there. Either the trace context was not sent"
            + " with the request or not read by the server, or the server's spans were dropped.",
        "Check that the client is instrumented to inject the context (traceparent header, message"
            + " headers), that no proxy or gateway strips it, and that the server extracts it;"
            + " then check the server's exporter for dropped spans.",
        0,
        clients.stream().map(n -> n.spanId).toList());
  }

  private static String peerService(SpanNode node) {
    for (KeyValue kv : node.span.getAttributesList()) {
      if (kv.getKey().equals("peer.service")) {
        return kv.getValue().getStringValue();
      }
    }
    return "";
  }

  private static Finding orphans(List<SpanNode> orphans) {
    Set<String> missing = new LinkedHashSet<>();
    Set<String> services = new TreeSet<>();
    for (SpanNode orphan : orphans) {
      missing.add(orphan.parentSpanId);
      services.add(orphan.service);
    }
    return new Finding(
        FindingType.BROKEN_PROPAGATION,
        Severity.MEDIUM,
        orphans.size() + (orphans.size() == 1 ? " span's" : " spans'") + " parent never arrived",
        orphans.size()
            + (orphans.size() == 1 ? " span" : " spans")
            + " (in "
            + String.join(", ", services)
            + ") name "
            + missing.size()
            + (missing.size() == 1 ? " parent span" : " parent spans")
            + " that this trace does not hold, for example "
            + orphans.get(0).label()
            + " whose parent is "
            + orphans.get(0).parentSpanId
            + ". The context was passed on, but the spans it points to were never received,"
            + " so the trace breaks apart there and the analysis treats each orphan as a root.",
        "Make sure every service on the path exports its spans (exporter errors, full queues,"
            + " a collector that samples or drops spans) and that all of them follow the"
            + " parent's sampling decision (parent-based sampling); if the trace is still in"
            + " flight, look again later.",
        0,
        orphans.stream().map(n -> n.spanId).toList());
  }

  private static Finding roots(List<SpanNode> roots) {
    List<String> named = roots.stream().limit(NAMED).map(SpanNode::label).toList();
    return new Finding(
        FindingType.BROKEN_PROPAGATION,
        Severity.MEDIUM,
        "Trace has " + roots.size() + " root spans",
        "The trace has "
            + roots.size()
            + " spans without a parent: "
            + String.join(", ", named)
            + (roots.size() > NAMED ? " and " + (roots.size() - NAMED) + " more" : "")
            + ". One request should have one root; the others lost their parent on the way"
            + " (the trace id was passed on, the parent span id was not).",
        "Make sure each service extracts the incoming context (W3C traceparent) and passes it"
            + " across thread pools, async callbacks and message queues; a consumer that starts"
            + " its own trace should link to the producer's span instead of reusing its trace"
            + " id.",
        0,
        roots.stream().map(n -> n.spanId).toList());
  }
}
