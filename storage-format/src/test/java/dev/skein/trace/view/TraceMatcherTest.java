package dev.skein.trace.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.api.v1.TraceSearchMetadata;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.eval.Evaluator;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceMatcherTest {

  static Optional<TraceSearchMetadata> match(String query, int spss) {
    return new TraceMatcher(Evaluator.of(TraceQL.parse(query)), spss)
        .match(new OtlpTraceView(OtlpTraceViewTest.shop()));
  }

  @Test
  void match_matchingQuery_describesTrace() {
    TraceSearchMetadata m = match("{ name = \"SELECT\" }", 1).orElseThrow();
    assertThat(m.getTraceId()).isEqualTo("00000000000000000000000000000001");
    assertThat(m.getRootServiceName()).isEqualTo("frontend");
    assertThat(m.getRootTraceName()).isEqualTo("GET /");
    assertThat(m.getStartTimeUnixNano()).isEqualTo(100);
    assertThat(m.getSpanSetsCount()).isEqualTo(1);
    assertThat(m.getSpanSets(0).getMatched()).isEqualTo(2);
    assertThat(m.getSpanSets(0).getSpansList()).hasSize(1);
    assertThat(m.getSpanSets(0).getSpans(0).getSpanId()).isEqualTo("0000000000000003");
    assertThat(m.getSpanSets(0).getSpans(0).getDurationNanos()).isEqualTo(100);
    assertThat(m.getSpanSet()).isEqualTo(m.getSpanSets(0));
    assertThat(m.getServiceStatsMap().get("api").getSpanCount()).isEqualTo(3);
    assertThat(m.getServiceStatsMap().get("api").getErrorCount()).isEqualTo(1);
    assertThat(m.getServiceStatsMap().get("frontend").getSpanCount()).isEqualTo(2);
  }

  @Test
  void match_nonMatchingQuery_empty() {
    assertThat(match("{ name = \"nope\" }", 3)).isEmpty();
  }

  @Test
  void match_selectAndBy_reportedAsAttributes() {
    TraceSearchMetadata m =
        match("{ name = \"SELECT\" } | select(span.db.system) | by(resource.service.name)", 3)
            .orElseThrow();
    assertThat(m.getSpanSets(0).getAttributesList())
        .anySatisfy(kv -> assertThat(kv.getValue().getStringValue()).isEqualTo("api"));
    assertThat(m.getSpanSets(0).getSpans(0).getAttributesList())
        .anySatisfy(kv -> assertThat(kv.getKey()).isEqualTo("span.db.system"));
  }
}
