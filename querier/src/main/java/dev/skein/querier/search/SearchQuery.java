package dev.skein.querier.search;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One search, as parsed from {@code GET /api/search}.
 *
 * @param traceql the TraceQL query ({@code q}), or empty for a tag search
 * @param tags legacy tag search pairs ({@code tags}), attribute key to value
 * @param minDuration traces shorter than this are left out ({@code minDuration}), zero for none
 * @param maxDuration traces longer than this are left out ({@code maxDuration}), or null for none
 * @param limit the most traces to return
 * @param spansPerSpanSet the most matching spans to return per spanset ({@code spss})
 * @param startSeconds window start in unix seconds, 0 when not given
 * @param endSeconds window end in unix seconds, 0 when not given
 */
public record SearchQuery(
    String traceql,
    Map<String, String> tags,
    Duration minDuration,
    @Nullable Duration maxDuration,
    int limit,
    int spansPerSpanSet,
    long startSeconds,
    long endSeconds) {

  /** Copies the tags, keeping their order. */
  public SearchQuery {
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** Whether a time window was given; without one only recent data is searched, as in Tempo. */
  public boolean hasWindow() {
    return startSeconds > 0 || endSeconds > 0;
  }
}
