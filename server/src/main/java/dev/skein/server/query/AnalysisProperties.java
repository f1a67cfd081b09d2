package dev.skein.server.query;

import dev.skein.querier.analysis.AnalysisConfig;
import dev.skein.server.config.ModuleProperties;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code skein.querier.analysis.*}: thresholds of the trace analysis API. */
@ConfigurationProperties("skein.querier.analysis")
public class AnalysisProperties implements ModuleProperties {

  /** Sequential calls of one operation under one parent that make an N+1 finding. */
  private int nPlusOneMinCalls = AnalysisConfig.DEFAULT_N_PLUS_ONE_MIN_CALLS;

  /** Runs of one operation (service and span name) in a trace that can make a retry storm. */
  private int retryMinAttempts = AnalysisConfig.DEFAULT_RETRY_MIN_ATTEMPTS;

  /** Share of those runs, 0 to 1, that must have failed for a retry storm (at least one always). */
  private double retryMinErrorRatio = AnalysisConfig.DEFAULT_RETRY_MIN_ERROR_RATIO;

  /** Parallel children of one parent that make a wide fan-out. */
  private int fanOutMinChildren = AnalysisConfig.DEFAULT_FAN_OUT_MIN_CHILDREN;

  /** How many times the median of its siblings the slowest child of a fan-out must take. */
  private double fanOutTailRatio = AnalysisConfig.DEFAULT_FAN_OUT_TAIL_RATIO;

  /** How much longer than the median of its siblings the slowest child of a fan-out must take. */
  private Duration fanOutMinTail = AnalysisConfig.DEFAULT_FAN_OUT_MIN_TAIL;

  /** Shortest stretch inside a parent, covered by none of its children, that is reported. */
  private Duration idleGapMin = AnalysisConfig.DEFAULT_IDLE_GAP_MIN;

  /** Share of the parent's duration, 0 to 1, that an idle gap must reach to be reported. */
  private double idleGapMinRatio = AnalysisConfig.DEFAULT_IDLE_GAP_MIN_RATIO;

  /**
   * Shortest client-minus-server duration of a client span and its server span that is reported.
   */
  private Duration networkGapMin = AnalysisConfig.DEFAULT_NETWORK_GAP_MIN;

  /** Share of the client span's duration, 0 to 1, that a network gap must reach to be reported. */
  private double networkGapMinRatio = AnalysisConfig.DEFAULT_NETWORK_GAP_MIN_RATIO;

  /** Findings kept per finding type and trace, the most costly first. */
  private int maxFindingsPerType = AnalysisConfig.DEFAULT_MAX_FINDINGS_PER_TYPE;

  /** The immutable, validated analysis config. */
  @Override
  public AnalysisConfig toConfig() {
    return new AnalysisConfig(
        nPlusOneMinCalls,
        retryMinAttempts,
        retryMinErrorRatio,
        fanOutMinChildren,
        fanOutTailRatio,
        fanOutMinTail,
        idleGapMin,
        idleGapMinRatio,
        networkGapMin,
        networkGapMinRatio,
        maxFindingsPerType);
  }

  public int getNPlusOneMinCalls() {
    return nPlusOneMinCalls;
  }

  public void setNPlusOneMinCalls(int nPlusOneMinCalls) {
    this.nPlusOneMinCalls = nPlusOneMinCalls;
  }

  public int getRetryMinAttempts() {
    return retryMinAttempts;
  }

  public void setRetryMinAttempts(int retryMinAttempts) {
    this.retryMinAttempts = retryMinAttempts;
  }

  public double getRetryMinErrorRatio() {
    return retryMinErrorRatio;
  }

  public void setRetryMinErrorRatio(double retryMinErrorRatio) {
    this.retryMinErrorRatio = retryMinErrorRatio;
  }

  public int getFanOutMinChildren() {
    return fanOutMinChildren;
  }

  public void setFanOutMinChildren(int fanOutMinChildren) {
    this.fanOutMinChildren = fanOutMinChildren;
  }

  public double getFanOutTailRatio() {
    return fanOutTailRatio;
  }

  public void setFanOutTailRatio(double fanOutTailRatio) {
    this.fanOutTailRatio = fanOutTailRatio;
  }

  public Duration getFanOutMinTail() {
    return fanOutMinTail;
  }

  public void setFanOutMinTail(Duration fanOutMinTail) {
    this.fanOutMinTail = fanOutMinTail;
  }

  public Duration getIdleGapMin() {
    return idleGapMin;
  }

  public void setIdleGapMin(Duration idleGapMin) {
    this.idleGapMin = idleGapMin;
  }

  public double getIdleGapMinRatio() {
    return idleGapMinRatio;
  }

  public void setIdleGapMinRatio(double idleGapMinRatio) {
    this.idleGapMinRatio = idleGapMinRatio;
  }

  public Duration getNetworkGapMin() {
    return networkGapMin;
  }

  public void setNetworkGapMin(Duration networkGapMin) {
    this.networkGapMin = networkGapMin;
  }

  public double getNetworkGapMinRatio() {
    return networkGapMinRatio;
  }

  public void setNetworkGapMinRatio(double networkGapMinRatio) {
    this.networkGapMinRatio = networkGapMinRatio;
  }

  public int getMaxFindingsPerType() {
    return maxFindingsPerType;
  }

  public void setMaxFindingsPerType(int maxFindingsPerType) {
    this.maxFindingsPerType = maxFindingsPerType;
  }
}
