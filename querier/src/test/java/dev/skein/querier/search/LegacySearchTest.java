package dev.skein.querier.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.traceql.TraceQL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegacySearchTest {

  static SearchQuery tags(Map<String, String> tags, Duration min, Duration max) {
    return new SearchQuery("", tags, min, max, 20, 3, 0, 0);
  }

  @Test
  void toTraceQL_noTags_matchesEverything() {
    assertThat(LegacySearch.toTraceQL(tags(Map.of(), Duration.ZERO, null))).isEqualTo("{ }");
  }

  @Test
  void toTraceQL_tagsAndDurations_parseableTraceQL() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("service.name", "cart");
    t.put("http.status_code", "500");
    t.put("name", "GET \"x\"");
    t.put("error", "true");
    String q = LegacySearch.toTraceQL(tags(t, Duration.ofMillis(100), Duration.ofSeconds(2)));
    assertThat(q)
        .isEqualTo(
            "{ resource.service.name = \"cart\" } && { .http.status_code = \"500\" ||"
                + " .http.status_code = 500 } && { name = \"GET \\\"x\\\"\" } && { status = error }"
                + " && { trace:duration >= 100000000ns } && { trace:duration <= 2000000000ns }");
    TraceQL.parse(q);
  }

  @Test
  void toTraceQL_oddKey_quoted() {
    String q = LegacySearch.toTraceQL(tags(Map.of("my key", "v"), Duration.ZERO, null));
    assertThat(q).isEqualTo("{ .\"my key\" = \"v\" }");
    TraceQL.parse(q);
  }

  @Test
  void toTraceQL_traceqlWithDurations_combined() {
    SearchQuery query =
        new SearchQuery("{ status = error }", Map.of(), Duration.ofSeconds(1), null, 20, 3, 0, 0);
    assertThat(LegacySearch.toTraceQL(query))
        .isEqualTo("({ status = error }) && { trace:duration >= 1000000000ns }");
  }
}
