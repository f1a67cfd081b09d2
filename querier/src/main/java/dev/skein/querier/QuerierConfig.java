package dev.skein.querier;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the querier. Immutable; the compact constructor validates every value.
 *
 * @param maxTraceBytes largest trace returned by id; bigger ones are cut and flagged PARTIAL
 * @param defaultSearchLimit traces returned by a search without {@code limit}
 * @param maxSearchLimit the largest {@code limit} accepted
 * @param defaultSpansPerSpanSet spans per spanset without {@code spss}
 * @param maxSpansPerSpanSet the largest {@code spss} accepted
 * @param maxSearchDuration the longest {@code start..end} window a search may cover
 * @param queryConcurrency how many sources (ingesters, blocks) one query reads at a time
 * @param queryTimeout how long one query may take before it answers with what it has
 */
public record QuerierConfig(
    long maxTraceBytes,
    int defaultSearchLimit,
    int maxSearchLimit,
    int defaultSpansPerSpanSet,
    int maxSpansPerSpanSet,
    Duration maxSearchDuration,
    int queryConcurrency,
    Duration queryTimeout) {

  public static final long DEFAULT_MAX_TRACE_BYTES = 50L * 1024 * 1024;
  public static final int DEFAULT_SEARCH_LIMIT = 20;
  public static final int DEFAULT_MAX_SEARCH_LIMIT = 10_000;
  public static final int DEFAULT_SPANS_PER_SPAN_SET = 3;
  public static final int DEFAULT_MAX_SPANS_PER_SPAN_SET = 100;
  public static final Duration DEFAULT_MAX_SEARCH_DURATION = Duration.ofHours(168);
  public static final int DEFAULT_QUERY_CONCURRENCY = 32;
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);

  /** Validates every value, naming the property and the value on failure. */
  public QuerierConfig {
    positive("skein.querier.max-trace-bytes", maxTraceBytes);
    positive("skein.querier.default-search-limit", defaultSearchLimit);
    positive("skein.querier.max-search-limit", maxSearchLimit);
    positive("skein.querier.default-spans-per-span-set", defaultSpansPerSpanSet);
    positive("skein.querier.max-spans-per-span-set", maxSpansPerSpanSet);
    positive("skein.querier.query-concurrency", queryConcurrency);
    Objects.requireNonNull(maxSearchDuration, "maxSearchDuration");
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    if (defaultSearchLimit > maxSearchLimit) {
      throw new IllegalArgumentException(
          "skein.querier.default-search-limit ("
              + defaultSearchLimit
              + ") must be <= skein.querier.max-search-limit ("
              + maxSearchLimit
              + ")");
    }
    if (defaultSpansPerSpanSet > maxSpansPerSpanSet) {
      throw new IllegalArgumentException(
          "skein.querier.default-spans-per-span-set ("
              + defaultSpansPerSpanSet
              + ") must be <= skein.querier.max-spans-per-span-set ("
              + maxSpansPerSpanSet
              + ")");
    }
    if (maxSearchDuration.isNegative() || maxSearchDuration.isZero()) {
      throw new IllegalArgumentException(
          "skein.querier.max-search-duration must be > 0, was " + maxSearchDuration);
    }
    if (queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException(
          "skein.querier.query-timeout must be > 0, was " + queryTimeout);
    }
  }

  /** The defaults. */
  public static QuerierConfig defaults() {
    return new QuerierConfig(
        DEFAULT_MAX_TRACE_BYTES,
        DEFAULT_SEARCH_LIMIT,
        DEFAULT_MAX_SEARCH_LIMIT,
        DEFAULT_SPANS_PER_SPAN_SET,
        DEFAULT_MAX_SPANS_PER_SPAN_SET,
        DEFAULT_MAX_SEARCH_DURATION,
        DEFAULT_QUERY_CONCURRENCY,
        DEFAULT_QUERY_TIMEOUT);
  }

  private static void positive(String property, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(property + " must be > 0, was " + value);
    }
  }
}
