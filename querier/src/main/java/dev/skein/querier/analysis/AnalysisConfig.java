package dev.skein.querier.analysis;

import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds of {@link TraceAnalyzer}. Immutable; the compact constructor validates every value and
 * names the {@code skein.querier.analysis.*} property in its message.
 *
 * @param nPlusOneMinCalls sequential same-named children of one parent that make an N+1
 * @param retryMinAttempts runs of one operation (service and span name) that make a retry storm
 * @param retryMinErrorRatio share of those runs that must have failed, 0 to 1; at least one run
 *     must have failed in any case
 * @param fanOutMinChildren parallel children of one parent that make a wide fan-out
 * @param fanOutTailRatio how many times the median of its siblings the slowest child must take
 * @param fanOutMinTail how much longer than that median the slowest child must take
 * @param idleGapMin shortest stretch inside a parent, uncovered by children, that is reported
 * @param idleGapMinRatio share of the parent's duration that stretch must reach, 0 to 1
 * @param networkGapMin shortest client-minus-server time that is reported
 * @param networkGapMinRatio share of the client span's duration that time must reach, 0 to 1
 * @param maxFindingsPerType findings kept per type, the most costly first
 */
public record AnalysisConfig(
    int nPlusOneMinCalls,
    int retryMinAttempts,
    double retryMinErrorRatio,
    int fanOutMinChildren,
    double fanOutTailRatio,
    Duration fanOutMinTail,
    Duration idleGapMin,
    double idleGapMinRatio,
    Duration networkGapMin,
    double networkGapMinRatio,
    int maxFindingsPerType) {

  public static final int DEFAULT_N_PLUS_ONE_MIN_CALLS = 5;
  public static final int DEFAULT_RETRY_MIN_ATTEMPTS = 3;
  public static final double DEFAULT_RETRY_MIN_ERROR_RATIO = 0.5;
  public static final int DEFAULT_FAN_OUT_MIN_CHILDREN = 5;
  public static final double DEFAULT_FAN_OUT_TAIL_RATIO = 3.0;
  public static final Duration DEFAULT_FAN_OUT_MIN_TAIL = Duration.ofMillis(10);
  public static final Duration DEFAULT_IDLE_GAP_MIN = Duration.ofMillis(100);
  public static final double DEFAULT_IDLE_GAP_MIN_RATIO = 0.3;
  public static final Duration DEFAULT_NETWORK_GAP_MIN = Duration.ofMillis(50);
  public static final double DEFAULT_NETWORK_GAP_MIN_RATIO = 0.3;
  public static final int DEFAULT_MAX_FINDINGS_PER_TYPE = 50;

  private static final String PREFIX = "skein.querier.analysis.";

  /** Validates every value, naming the property and the value on failure. */
  public AnalysisConfig {
    atLeast("n-plus-one-min-calls", nPlusOneMinCalls, 2);
    atLeast("retry-min-attempts", retryMinAttempts, 2);
    ratio("retry-min-error-ratio", retryMinErrorRatio);
    atLeast("fan-out-min-children", fanOutMinChildren, 2);
    if (!(fanOutTailRatio >= 1.0)) {
      throw new IllegalArgumentException(
          PREFIX + "fan-out-tail-ratio must be >= 1, was " + fanOutTailRatio);
    }
    notNegative("fan-out-min-tail", fanOutMinTail);
    notNegative("idle-gap-min", idleGapMin);
    ratio("idle-gap-min-ratio", idleGapMinRatio);
    notNegative("network-gap-min", networkGapMin);
    ratio("network-gap-min-ratio", networkGapMinRatio);
    atLeast("max-findings-per-type", maxFindingsPerType, 1);
  }

  /** The defaults. */
  public static AnalysisConfig defaults() {
    return new AnalysisConfig(
        DEFAULT_N_PLUS_ONE_MIN_CALLS,
        DEFAULT_RETRY_MIN_ATTEMPTS,
        DEFAULT_RETRY_MIN_ERROR_RATIO,
        DEFAULT_FAN_OUT_MIN_CHILDREN,
        DEFAULT_FAN_OUT_TAIL_RATIO,
        DEFAULT_FAN_OUT_MIN_TAIL,
        DEFAULT_IDLE_GAP_MIN,
        DEFAULT_IDLE_GAP_MIN_RATIO,
        DEFAULT_NETWORK_GAP_MIN,
        DEFAULT_NETWORK_GAP_MIN_RATIO,
        DEFAULT_MAX_FINDINGS_PER_TYPE);
  }

  private static void atLeast(String property, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          PREFIX + property + " must be >= " + min + ", was " + value);
    }
  }

  private static void ratio(String property, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(
          PREFIX + property + " must be between 0 and 1, was " + value);
    }
  }

  private static void notNegative(String property, Duration value) {
    Objects.requireNonNull(value, property);
    if (value.isNegative()) {
      throw new IllegalArgumentException(PREFIX + property + " must be >= 0, was " + value);
    }
  }
}
