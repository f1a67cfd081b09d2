package dev.skein.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceAssemblyTest {

  private final TraceGenerator generator = new TraceGenerator(WorkloadConfig.defaults());

  @Test
  void of_keepsEverySpanOnce_groupedByServiceResource() {
    GeneratedTrace g = generator.generate(3);
    Trace t = TraceAssembly.of(g);

    assertThat(t.traceId()).isEqualTo(g.traceId());
    assertThat(t.spanCount()).isEqualTo(g.spans().size());
    Set<String> services = new HashSet<>();
    for (ResourceSpans rs : t.resourceSpans()) {
      String service = rs.getResource().getAttributes(0).getValue().getStringValue();
      assertThat(services.add(service)).as("one resource per service").isTrue();
    }
    assertThat(TraceAssembly.otlpBytes(t)).isPositive();
  }

  @Test
  void of_part_holdsOnlyThoseSpans() {
    GeneratedTrace g = generator.generate(5);
    int half = g.spans().size() / 2;

    Trace first = TraceAssembly.of(g, g.spans().subList(0, half));
    Trace second = TraceAssembly.of(g, g.spans().subList(half, g.spans().size()));

    assertThat(first.spanCount() + second.spanCount()).isEqualTo(g.spans().size());
    assertThat(spanIds(first)).doesNotContainAnyElementsOf(spanIds(second));
  }

  private static Set<Object> spanIds(Trace t) {
    Set<Object> ids = new HashSet<>();
    t.resourceSpans().stream()
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .flatMap(ss -> ss.getSpansList().stream())
        .forEach(s -> ids.add(s.getSpanId()));
    return ids;
  }
}
