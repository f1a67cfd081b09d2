package dev.skein.querier.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogfmtTest {

  @Test
  void parse_plainAndQuotedPairs_inOrder() {
    assertThat(Logfmt.parse("service.name=cart http.url=\"/a b\" k=\"x\\\"y\""))
        .containsExactly(
            Map.entry("service.name", "cart"),
            Map.entry("http.url", "/a b"),
            Map.entry("k", "x\"y"));
  }

  @Test
  void parse_emptyAndBlank_noPairs() {
    assertThat(Logfmt.parse("")).isEmpty();
    assertThat(Logfmt.parse("   ")).isEmpty();
  }

  @Test
  void parse_emptyValue_allowed() {
    assertThat(Logfmt.parse("a= b=1")).containsExactly(Map.entry("a", ""), Map.entry("b", "1"));
  }

  @Test
  void parse_missingEquals_saysWhere() {
    assertThatThrownBy(() -> Logfmt.parse("service.name=cart status"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "invalid tags 'service.name=cart status': expected '=' after key 'status' at position"
                + " 24");
  }

  @Test
  void parse_unterminatedQuote_saysWhere() {
    assertThatThrownBy(() -> Logfmt.parse("a=\"open"))
        .hasMessage("invalid tags 'a=\"open': unterminated quote starting at position 2");
  }

  @Test
  void parse_quoteInsideBareValue_rejected() {
    assertThatThrownBy(() -> Logfmt.parse("a=b\"c"))
        .hasMessageContaining("unexpected '\"' in the value of 'a' at position 3");
  }

  @Test
  void parse_tooManyPairs_rejected() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i <= Logfmt.MAX_PAIRS; i++) {
      s.append("k").append(i).append("=v ");
    }
    assertThatThrownBy(() -> Logfmt.parse(s.toString())).hasMessageContaining("more than 64 tags");
  }
}
