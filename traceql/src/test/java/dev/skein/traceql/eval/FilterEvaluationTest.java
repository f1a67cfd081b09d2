package dev.skein.traceql.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spanset filters over {@link Traces#SHOP}: every scope, intrinsic and operator. */
class FilterEvaluationTest {
  private static final String ALL = "root auth authsrv db cache";
  private static final String NONE = "";

  static Stream<Arguments> shopCases() {
    return Stream.of(
        // empty and constant filters
        row("{ }", ALL),
        row("{ true }", ALL),
        row("{ false }", NONE),
        row("{ 1 = 1 }", ALL),
        // span attributes and comparison operators
        row("{ span.http.method = \"GET\" }", "root"),
        row("{ span.http.status_code = 200 }", "root"),
        row("{ span.http.status_code != 200 }", NONE),
        row("{ span.http.status_code != 404 }", "root"),
        row("{ span.http.status_code > 199 }", "root"),
        row("{ span.http.status_code > 200 }", NONE),
        row("{ span.http.status_code >= 200 && span.http.status_code < 300 }", "root"),
        row("{ span.http.status_code <= 200 }", "root"),
        row("{ span.http.status_code > 199.5 }", "root"),
        row("{ span.http.status_code = 200.0 }", "root"),
        row("{ 200 = span.http.status_code }", "root"),
        row("{ 300 > span.http.status_code }", "root"),
        row("{ span.http.status_code = span.expected }", "root"),
        row("{ span.http.method = 200 }", NONE),
        row("{ span.http.method != 200 }", NONE),
        // resource, unscoped, event, link and instrumentation scopes
        row("{ resource.service.name = \"auth\" }", "authsrv"),
        row("{ resource.service.name = \"frontend\" }", "root auth db cache"),
        row("{ span.service.name = \"auth\" }", NONE),
        row("{ .service.name = \"auth\" }", "authsrv"),
        row("{ .http.method = \"GET\" }", "root"),
        row("{ .peer.service = \"auth\" && .service.name = \"frontend\" }", "auth"),
        row("{ event.exception.type = \"PermissionError\" }", "authsrv"),
        row("{ event.exception.type =~ \"Perm.*\" }", "authsrv"),
        row("{ link.ref = \"follows\" }", "cache"),
        row("{ instrumentation.lib.lang = \"java\" }", NONE),
        // span intrinsics, scoped and legacy
        row("{ name = \"GET /api\" }", "root"),
        row("{ span:name = \"GET /api\" }", "root"),
        row("{ name < \"B\" }", "authsrv"),
        row("{ status = error }", "authsrv"),
        row("{ span:status = ok }", "root"),
        row("{ status = unset }", "auth db cache"),
        row("{ status != error }", "root auth db cache"),
        row("{ statusMessage = \"denied\" }", "authsrv"),
        row("{ span:statusMessage = \"\" }", "root auth db cache"),
        row("{ duration > 100ms }", "root db"),
        row("{ span:duration >= 50ms && duration <= 50ms }", "auth"),
        row("{ duration < 10ms }", "cache"),
        row("{ duration = 1s }", "root"),
        row("{ duration > -1s }", ALL),
        row("{ kind = server }", "root authsrv"),
        row("{ span:kind = client }", "auth db cache"),
        row("{ kind = producer }", NONE),
        row("{ span:id = \"db\" }", "db"),
        row("{ span:parentID = \"auth\" }", "authsrv"),
        row("{ span:parentID = nil }", "root"),
        row("{ span:childCount = 3 }", "root"),
        row("{ childCount = 0 }", "authsrv db cache"),
        row("{ nestedSetLeft = 1 }", "root"),
        row("{ nestedSetRight = 10 }", "root"),
        row("{ nestedSetParent = 2 }", "authsrv"),
        // trace, event and link intrinsics
        row("{ trace:duration = 1s }", ALL),
        row("{ traceDuration < 1ms }", NONE),
        row("{ trace:rootName = \"GET /api\" }", ALL),
        row("{ rootName = \"other\" }", NONE),
        row("{ rootServiceName = \"frontend\" }", ALL),
        row("{ trace:rootService = \"auth\" }", NONE),
        row("{ trace:id = \"t1\" }", ALL),
        row("{ trace:id = \"T1\" }", ALL),
        row("{ \"DB\" = span:id }", "db"),
        row("{ span:name = \"get /api\" }", NONE),
        row("{ event:name = \"exception\" }", "authsrv"),
        row("{ event:timeSinceStart > 5ms }", "authsrv"),
        row("{ event:timeSinceStart > 20ms }", NONE),
        row("{ link:traceID = \"abc\" }", "cache"),
        row("{ link:spanID = \"def\" }", "cache"),
        row("{ link:spanID != nil }", "cache"),
        // nil checks
        row("{ span.db.system = nil }", "root auth authsrv cache"),
        row("{ span.db.system != nil }", "db"),
        row("{ nil = span.db.system }", "root auth authsrv cache"),
        row("{ .db.system != nil }", "db"),
        row("{ resource.service.name = nil }", NONE),
        row("{ event.exception.type != nil }", "authsrv"),
        row("{ event:name = nil }", "root auth db cache"),
        row("{ link.ref = nil }", "root auth authsrv db"),
        // arrays match when any element matches
        row("{ span.tags = \"b\" }", "db"),
        row("{ span.tags = \"c\" }", NONE),
        row("{ span.tags != \"a\" }", "db"),
        row("{ span.tags =~ \"a|z\" }", "db"),
        row("{ span.tags !~ \"a\" }", "db"),
        // booleans
        row("{ span.cache.hit = false }", "cache"),
        row("{ !span.cache.hit }", "cache"),
        row("{ span.cache.hit }", NONE),
        row("{ span.cache.hit != true }", "cache"),
        // regex: RE2, fully anchored
        row("{ name =~ \"GET\" }", NONE),
        row("{ name =~ \"GET.*\" }", "root cache"),
        row("{ name !~ \"GET.*\" }", "auth authsrv db"),
        row("{ name =~ \"(?i)get /API\" }", "root"),
        row("{ span.http.url =~ \"https://[a-z]+/api\" }", "root"),
        row("{ span.http.status_code =~ \"200\" }", NONE),
        // arithmetic
        row("{ span.http.status_code + 1 = 201 }", "root"),
        row("{ span.http.status_code - 1 = 199 }", "root"),
        row("{ span.http.status_code * 2 - 1 = 399 }", "root"),
        row("{ span.http.status_code / 2 = 100 }", "root"),
        row("{ span.http.status_code / 3 > 66.6 }", "root"),
        row("{ span.http.status_code % 7 = 4 }", "root"),
        row("{ span.http.status_code ^ 2 = 40000 }", "root"),
        row("{ -span.http.status_code = -200 }", "root"),
        row("{ span.http.status_code / 0 = 1 }", NONE),
        row("{ duration * 2 > 1s }", "root"),
        row("{ duration / 2 = 25ms }", "auth"),
        row("{ duration + 1s >= 1300ms }", "root db"),
        row("{ duration / trace:duration > 0.2 }", "root db"),
        row("{ span.http.method + 1 = 1 }", NONE),
        // logic and precedence
        row("{ kind = server || duration < 10ms }", "root authsrv cache"),
        row("{ !(kind = server) && status = unset }", "auth db cache"),
        row("{ kind = server && status = error || duration < 10ms }", "authsrv cache"),
        row("{ kind = server && (status = error || duration > 500ms) }", "root authsrv"),
        row("{ !(span.nope = 1) }", ALL),
        row("{ !span.nope }", NONE));
  }

  @ParameterizedTest
  @MethodSource("shopCases")
  void evaluate_filterOverShop_matchesExactlyTheseSpans(String query, List<String> expected) {
    assertThat(Traces.matchedIds(query, Traces.SHOP)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> traceCases() {
    return Stream.of(
        row("{ }", "t1 t2 t3"),
        row("{ resource.service.name = \"frontend\" && duration < 2ms }", "t2"),
        row("{ instrumentation:name = \"io.otel.http\" }", "t2"),
        row("{ instrumentation:version = \"1.0\" }", "t2"),
        row("{ instrumentation.lib.lang = \"java\" }", "t2"),
        row("{ instrumentation:name = nil }", "t1 t3"),
        row("{ status = error }", "t1"),
        row("{ trace:rootService = \"frontend\" }", "t1 t2"),
        row("{ rootServiceName = nil }", "t3"),
        row("{ trace:duration < 2ms }", "t2 t3"),
        row("{ name = \"x\" }", "t3"));
  }

  @ParameterizedTest
  @MethodSource("traceCases")
  void evaluate_filterOverTraces_matchesExactlyTheseTraces(String query, List<String> expected) {
    assertThat(Traces.matchedTraces(query)).containsExactlyElementsOf(expected);
  }

  static Arguments row(String query, String expected) {
    List<String> ids = expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" "));
    return argumentSet(query + " -> [" + expected + "]", query, ids);
  }
}
