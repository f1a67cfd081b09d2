package dev.skein.querier.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.InvalidRequestException;
import dev.skein.querier.QuerierConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchRequestParserTest {

  final SearchRequestParser parser = new SearchRequestParser(QuerierConfig.defaults());

  @Test
  void parse_noParameters_tempoDefaults() {
    SearchQuery q = parser.parse(Map.of());
    assertThat(q.limit()).isEqualTo(20);
    assertThat(q.spansPerSpanSet()).isEqualTo(3);
    assertThat(q.tags()).isEmpty();
    assertThat(q.traceql()).isEmpty();
    assertThat(q.minDuration()).isZero();
    assertThat(q.maxDuration()).isNull();
    assertThat(q.hasWindow()).isFalse();
  }

  @Test
  void parse_allParameters_parsed() {
    SearchQuery q =
        parser.parse(
            Map.of(
                "tags", "service.name=cart",
                "minDuration", "100ms",
                "maxDuration", "2s",
                "limit", "50",
                "spss", "10",
                "start", "1700000000",
                "end", "1700003600"));
    assertThat(q.tags()).containsEntry("service.name", "cart");
    assertThat(q.minDuration()).isEqualTo(Duration.ofMillis(100));
    assertThat(q.maxDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(q.limit()).isEqualTo(50);
    assertThat(q.spansPerSpanSet()).isEqualTo(10);
    assertThat(q.startSeconds()).isEqualTo(1700000000L);
    assertThat(q.endSeconds()).isEqualTo(1700003600L);
  }

  @Test
  void parse_limitOverMax_rejectedNamingLimit() {
    assertThatThrownBy(() -> parser.parse(Map.of("limit", "10001")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("limit must be <= 10000, was 10001");
  }

  @Test
  void parse_limitNotANumber_rejected() {
    assertThatThrownBy(() -> parser.parse(Map.of("limit", "ten")))
        .hasMessage("limit must be a whole number, was 'ten'");
  }

  @Test
  void parse_spssOverMax_rejected() {
    assertThatThrownBy(() -> parser.parse(Map.of("spss", "101")))
        .hasMessage("spss must be <= 100, was 101");
  }

  @Test
  void parse_minGreaterThanMax_rejected() {
    assertThatThrownBy(() -> parser.parse(Map.of("minDuration", "2s", "maxDuration", "1s")))
        .hasMessage("minDuration (2s) is greater than maxDuration (1s)");
  }

  @Test
  void parse_endBeforeStart_rejected() {
    assertThatThrownBy(() -> parser.parse(Map.of("start", "200", "end", "100")))
        .hasMessage("end (100) is before start (200)");
  }

  @Test
  void parse_onlyStart_rejected() {
    assertThatThrownBy(() -> parser.parse(Map.of("start", "200")))
        .hasMessage("give both start and end (unix seconds), or neither");
  }

  @Test
  void parse_windowOverMax_rejected() {
    assertThatThrownBy(
            () -> parser.parse(Map.of("start", "1", "end", String.valueOf(1 + 169 * 3600))))
        .hasMessageContaining("search window of 169h is longer than the limit of 168h");
  }

  @Test
  void parse_startNotNumber_rejected() {
    assertThatThrownBy(() -> parser.parse(Map.of("start", "yesterday", "end", "5")))
        .hasMessage("start must be unix seconds (a whole number), was 'yesterday'");
  }

  @Test
  void parse_qAndTags_rejected() {
    assertThatThrownBy(() -> parser.parse(Map.of("q", "{}", "tags", "a=b")))
        .hasMessage("give either q (TraceQL) or tags (logfmt), not both");
  }
}
