package dev.skein.server.query;

import dev.skein.querier.QuerierConfig;
import dev.skein.querier.remote.IngesterDiscovery;
import dev.skein.server.config.ModuleProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code skein.querier.*}: limits and defaults of the query API. */
@ConfigurationProperties("skein.querier")
public class QuerierProperties implements ModuleProperties {

  /** Default of {@code ingester-timeout}: well inside the query timeout, so a slow one is named. */
  public static final Duration DEFAULT_INGESTER_TIMEOUT = Duration.ofSeconds(10);

  /** Default of {@code ingester-refresh-interval}. */
  public static final Duration DEFAULT_INGESTER_REFRESH_INTERVAL = Duration.ofSeconds(15);

  /** Largest trace returned by id, in bytes; bigger traces are cut and flagged PARTIAL. */
  private long maxTraceBytes = QuerierConfig.DEFAULT_MAX_TRACE_BYTES;

  /** Traces returned by a search that gives no limit. */
  private int defaultSearchLimit = QuerierConfig.DEFAULT_SEARCH_LIMIT;

  /** Largest limit a search may ask for; more is a 400. */
  private int maxSearchLimit = QuerierConfig.DEFAULT_MAX_SEARCH_LIMIT;

  /** Matching spans returned per spanset when a search gives no spss. */
  private int defaultSpansPerSpanSet = QuerierConfig.DEFAULT_SPANS_PER_SPAN_SET;

  /** Largest spss a search may ask for; more is a 400. */
  private int maxSpansPerSpanSet = QuerierConfig.DEFAULT_MAX_SPANS_PER_SPAN_SET;

  /** Longest start..end window one search may cover. */
  private Duration maxSearchDuration = QuerierConfig.DEFAULT_MAX_SEARCH_DURATION;

  /** Sources (ingesters, blocks) one query reads at the same time. */
  private int queryConcurrency = QuerierConfig.DEFAULT_QUERY_CONCURRENCY;

  /** How long one query may run before it answers PARTIAL with what it has. */
  private Duration queryTimeout = QuerierConfig.DEFAULT_QUERY_TIMEOUT;

  /**
   * Ingesters in other processes whose recent data queries read, each `host:port` of its
   * skein.ingester.query-grpc-port, or `dns+host:port` for every address the name resolves to
   * (re-resolved every ingester-refresh-interval). Empty when the ingester runs in this process.
   */
  private List<String> ingesters = new ArrayList<>();

  /**
   * Deadline of one call to one remote ingester; one that takes longer makes the answer PARTIAL.
   */
  private Duration ingesterTimeout = DEFAULT_INGESTER_TIMEOUT;

  /** How often `dns+` entries of skein.querier.ingesters are resolved again. */
  private Duration ingesterRefreshInterval = DEFAULT_INGESTER_REFRESH_INTERVAL;

  /** Whether X-Scope-OrgID may name several tenants as a|b|c (with multi-tenancy on). */
  private boolean crossTenantQueriesEnabled = true;

  /** The immutable, validated querier config. */
  @Override
  public QuerierConfig toConfig() {
    IngesterDiscovery.validate(ingesters);
    positive("skein.querier.ingester-timeout", ingesterTimeout);
    positive("skein.querier.ingester-refresh-interval", ingesterRefreshInterval);
    return new QuerierConfig(
        maxTraceBytes,
        defaultSearchLimit,
        maxSearchLimit,
        defaultSpansPerSpanSet,
        maxSpansPerSpanSet,
        maxSearchDuration,
        queryConcurrency,
        queryTimeout);
  }

  private static void positive(String property, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(property + " must be > 0, was " + value);
    }
  }

  public List<String> getIngesters() {
    return ingesters;
  }

  public void setIngesters(List<String> ingesters) {
    this.ingesters = ingesters;
  }

  public Duration getIngesterTimeout() {
    return ingesterTimeout;
  }

  public void setIngesterTimeout(Duration ingesterTimeout) {
    this.ingesterTimeout = ingesterTimeout;
  }

  public Duration getIngesterRefreshInterval() {
    return ingesterRefreshInterval;
  }

  public void setIngesterRefreshInterval(Duration ingesterRefreshInterval) {
    this.ingesterRefreshInterval = ingesterRefreshInterval;
  }

  public long getMaxTraceBytes() {
    return maxTraceBytes;
  }

  public void setMaxTraceBytes(long maxTraceBytes) {
    this.maxTraceBytes = maxTraceBytes;
  }

  public int getDefaultSearchLimit() {
    return defaultSearchLimit;
  }

  public void setDefaultSearchLimit(int defaultSearchLimit) {
    this.defaultSearchLimit = defaultSearchLimit;
  }

  public int getMaxSearchLimit() {
    return maxSearchLimit;
  }

  public void setMaxSearchLimit(int maxSearchLimit) {
    this.maxSearchLimit = maxSearchLimit;
  }

  public int getDefaultSpansPerSpanSet() {
    return defaultSpansPerSpanSet;
  }

  public void setDefaultSpansPerSpanSet(int defaultSpansPerSpanSet) {
    this.defaultSpansPerSpanSet = defaultSpansPerSpanSet;
  }

  public int getMaxSpansPerSpanSet() {
    return maxSpansPerSpanSet;
  }

  public void setMaxSpansPerSpanSet(int maxSpansPerSpanSet) {
    this.maxSpansPerSpanSet = maxSpansPerSpanSet;
  }

  public Duration getMaxSearchDuration() {
    return maxSearchDuration;
  }

  public void setMaxSearchDuration(Duration maxSearchDuration) {
    this.maxSearchDuration = maxSearchDuration;
  }

  public int getQueryConcurrency() {
    return queryConcurrency;
  }

  public void setQueryConcurrency(int queryConcurrency) {
    this.queryConcurrency = queryConcurrency;
  }

  public Duration getQueryTimeout() {
    return queryTimeout;
  }

  public void setQueryTimeout(Duration queryTimeout) {
    this.queryTimeout = queryTimeout;
  }

  public boolean isCrossTenantQueriesEnabled() {
    return crossTenantQueriesEnabled;
  }

  public void setCrossTenantQueriesEnabled(boolean crossTenantQueriesEnabled) {
    this.crossTenantQueriesEnabled = crossTenantQueriesEnabled;
  }
}
