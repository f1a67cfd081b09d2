package dev.skein.querier.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.InvalidRequestException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({
    "0, 0",
    "1ns, 1",
    "300ms, 300000000",
    "1.5h, 5400000000000",
    "2h45m, 9900000000000",
    "1us, 1000",
    "1µs, 1000",
    "-1.5s, -1500000000",
    "+2s, 2000000000",
    "100s, 100000000000",
    ".5s, 500000000"
  })
  void parse_validGoDurations_exactNanos(String text, long nanos) {
    assertThat(GoDuration.parse("minDuration", text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "5|invalid minDuration '5': duration is missing a unit at position 1 (one of ns, us, ms,"
            + " s, m, h)",
        "5d|invalid minDuration '5d': duration has unknown unit 'd' at position 1 (one of ns, us,"
            + " ms, s, m, h)",
        "ms|invalid minDuration 'ms': duration expects a number at position 0",
        "-|invalid minDuration '-': duration has no number",
        "1..2s|invalid minDuration '1..2s': duration has a malformed number at position 0"
      })
  void parse_invalid_namesParameterAndPosition(String text, String message) {
    assertThatThrownBy(() -> GoDuration.parse("minDuration", text))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(message);
  }
}
