package dev.skein.querier.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.skein.common.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Fuzzes the parsers of /api/search parameters: the logfmt {@code tags} and the Go durations of
 * {@code minDuration}/{@code maxDuration}. Each parses or throws {@link InvalidRequestException}.
 */
class SearchParamsFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void logfmt_anyText_parsesOrThrowsInvalidRequest(byte[] input) {
    Map<String, String> tags;
    try {
      tags = Logfmt.parse(new String(input, StandardCharsets.UTF_8));
    } catch (InvalidRequestException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(tags.size()).isLessThanOrEqualTo(Logfmt.MAX_PAIRS);
    assertThat(tags.keySet()).allSatisfy(k -> assertThat(k).isNotEmpty());
  }

  @FuzzTest(maxDuration = "30s")
  void goDuration_anyText_parsesOrThrowsInvalidRequest(byte[] input) {
    Duration d;
    try {
      d = GoDuration.parse("minDuration", new String(input, StandardCharsets.UTF_8));
    } catch (InvalidRequestException expected) {
      assertThat(expected).hasMessageContaining("minDuration");
      return;
    }
    assertThat(d).isNotNull();
  }
}
