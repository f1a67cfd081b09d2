package dev.skein.traceql.eval;

import static dev.skein.traceql.ast.SpanKind.CLIENT;
import static dev.skein.traceql.ast.SpanKind.SERVER;

import dev.skein.traceql.TraceQL;
import dev.skein.traceql.ast.StatusCode;
import java.util.List;

/**
 * Handcrafted traces shared by the evaluation tests.
 *
 * <pre>
 * SHOP (trace t1, 1000 ms)                      nested set (left, right, parent)
 * root     GET /api      server frontend 1000ms ok    (1, 10, -1)
 * ├ auth    POST /auth   client frontend   50ms       (2, 5, 1)
 * │ └ authsrv Authorize  server auth       40ms error (3, 4, 2) event exception at 10ms
 * ├ db      SELECT users client frontend  300ms       (6, 7, 1)
 * └ cache   GET cache    client frontend    5ms       (8, 9, 1) link to abc/def
 * </pre>
 *
 * HEALTH (trace t2) is one 1 ms server span "GET /health" of frontend with an instrumentation
 * scope; FOREST (trace t3) has a numbered root r with child c and a span x without nested-set
 * numbers.
 */
final class Traces {
  static final MemoryTrace SHOP =
      MemoryTrace.builder("t1")
          .span(
              "root",
              null,
              s ->
                  s.name("GET /api")
                      .kind(SERVER)
                      .service("frontend")
                      .durationMs(1000)
                      .status(StatusCode.OK)
                      .attr("http.method", "GET")
                      .attr("http.status_code", 200)
                      .attr("expected", 200)
                      .attr("http.url", "https://shop/api"))
          .span(
              "auth",
              "root",
              s ->
                  s.name("POST /auth")
                      .kind(CLIENT)
                      .service("frontend")
                      .startMs(10)
                      .durationMs(50)
                      .attr("peer.service", "auth"))
          .span(
              "authsrv",
              "auth",
              s ->
                  s.name("Authorize")
                      .kind(SERVER)
                      .service("auth")
                      .startMs(15)
                      .durationMs(40)
                      .status(StatusCode.ERROR)
                      .statusMessage("denied")
                      .event("exception", 10, "exception.type", "PermissionError"))
          .span(
              "db",
              "root",
              s ->
                  s.name("SELECT users")
                      .kind(CLIENT)
                      .service("frontend")
                      .startMs(100)
                      .durationMs(300)
                      .attr("db.system", "postgresql")
                      .attr("tags", List.of("a", "b")))
          .span(
              "cache",
              "root",
              s ->
                  s.name("GET cache")
                      .kind(CLIENT)
                      .service("frontend")
                      .startMs(500)
                      .durationMs(5)
                      .attr("cache.hit", false)
                      .link("abc", "def", "ref", "follows"))
          .build();

  static final MemoryTrace HEALTH =
      MemoryTrace.builder("t2")
          .span(
              "health",
              null,
              s ->
                  s.name("GET /health")
                      .kind(SERVER)
                      .service("frontend")
                      .durationMs(1)
                      .scope("io.otel.http", "1.0", "lib.lang", "java"))
          .build();

  static final MemoryTrace FOREST =
      MemoryTrace.builder("t3")
          .span("r", null, s -> s.name("r"))
          .span("c", "r", s -> s.name("c"))
          .span("x", null, s -> s.name("x").noNestedSet())
          .build();

  static final List<MemoryTrace> ALL = List.of(SHOP, HEALTH, FOREST);

  private Traces() {}

  /** Span ids of all matched spans of all spansets, in result order. */
  static List<String> matchedIds(String query, TraceView trace) {
    return Evaluator.of(TraceQL.parse(query)).evaluate(trace).stream()
        .flatMap(ss -> ss.spans().stream())
        .map(m -> m.span().spanId())
        .toList();
  }

  /** Ids of the traces (among {@link #ALL}) that match. */
  static List<String> matchedTraces(String query) {
    Evaluator e = Evaluator.of(TraceQL.parse(query));
    return ALL.stream().filter(e::matches).map(MemoryTrace::traceId).toList();
  }
}
