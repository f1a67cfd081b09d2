package dev.skein.querier.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnalysisConfigTest {

  @Test
  void defaults_areValid() {
    assertThat(AnalysisConfig.defaults().nPlusOneMinCalls())
        .isEqualTo(AnalysisConfig.DEFAULT_N_PLUS_ONE_MIN_CALLS);
  }

  @Test
  void constructor_ratioAboveOne_throwsNamingProperty() {
    assertThatThrownBy(
            () ->
                new AnalysisConfig(
                    5, 3, 1.5, 5, 3.0, Duration.ZERO, Duration.ZERO, 0.3, Duration.ZERO, 0.3, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "skein.querier.analysis.retry-min-error-ratio must be between 0 and 1, was 1.5");
  }

  @Test
  void constructor_oneCall_throwsNamingProperty() {
    assertThatThrownBy(
            () ->
                new AnalysisConfig(
                    1, 3, 0.5, 5, 3.0, Duration.ZERO, Duration.ZERO, 0.3, Duration.ZERO, 0.3, 10))
        .hasMessage("skein.querier.analysis.n-plus-one-min-calls must be >= 2, was 1");
  }

  @Test
  void constructor_negativeGap_throwsNamingProperty() {
    assertThatThrownBy(
            () ->
                new AnalysisConfig(
                    5,
                    3,
                    0.5,
                    5,
                    3.0,
                    Duration.ZERO,
                    Duration.ofMillis(-1),
                    0.3,
                    Duration.ZERO,
                    0.3,
                    10))
        .hasMessage("skein.querier.analysis.idle-gap-min must be >= 0, was PT-0.001S");
  }

  @Test
  void constructor_tailRatioBelowOne_throwsNamingProperty() {
    assertThatThrownBy(
            () ->
                new AnalysisConfig(
                    5, 3, 0.5, 5, 0.5, Duration.ZERO, Duration.ZERO, 0.3, Duration.ZERO, 0.3, 10))
        .hasMessage("skein.querier.analysis.fan-out-tail-ratio must be >= 1, was 0.5");
  }
}
