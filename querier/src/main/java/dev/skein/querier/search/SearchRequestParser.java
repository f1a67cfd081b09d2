package dev.skein.querier.search;

import dev.skein.common.InvalidRequestException;
import dev.skein.querier.QuerierConfig;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the query parameters of {@code GET /api/search} into a {@link SearchQuery}, applying
 * defaults and limits. Every bad parameter is an {@link InvalidRequestException} naming the
 * parameter and its value. Thread-safe.
 */
public final class SearchRequestParser {

  private final QuerierConfig config;

  /** Creates a parser that applies {@code config}'s defaults and limits. */
  public SearchRequestParser(QuerierConfig config) {
    this.config = config;
  }

  /**
   * Parses the parameters.
   *
   * @param params parameter name to its (first) value
   */
  public SearchQuery parse(Map<String, String> params) {
    String q = params.getOrDefault("q", "").strip();
    String tagsText = params.getOrDefault("tags", "").strip();
    if (!q.isEmpty() && !tagsText.isEmpty()) {
      throw new InvalidRequestException("give either q (TraceQL) or tags (logfmt), not both");
    }
    Map<String, String> tags = Logfmt.parse(tagsText);
    Duration min = duration(params, "minDuration");
    Duration max = duration(params, "maxDuration");
    if (min != null && max != null && min.compareTo(max) > 0) {
      throw new InvalidRequestException(
          "minDuration ("
              + params.get("minDuration")
              + ") is greater than maxDuration ("
              + params.get("maxDuration")
              + ")");
    }
    int limit = intParam(params, "limit", config.defaultSearchLimit(), config.maxSearchLimit());
    int spss =
        intParam(params, "spss", config.defaultSpansPerSpanSet(), config.maxSpansPerSpanSet());
    long start = seconds(params, "start");
    long end = seconds(params, "end");
    if (start > 0 || end > 0) {
      if (start == 0 || end == 0) {
        throw new InvalidRequestException("give both start and end (unix seconds), or neither");
      }
      if (end < start) {
        throw new InvalidRequestException("end (" + end + ") is before start (" + start + ")");
      }
      Duration window = Duration.ofSeconds(end - start);
      if (window.compareTo(config.maxSearchDuration()) > 0) {
        throw new InvalidRequestException(
            "search window of "
                + window.toHours()
                + "h is longer than the limit of "
                + config.maxSearchDuration().toHours()
                + "h (skein.querier.max-search-duration)");
      }
    }
    return new SearchQuery(
        q, tags, min == null ? Duration.ZERO : min, max, limit, spss, start, end);
  }

  private static @Nullable Duration duration(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    Duration d = GoDuration.parse(name, value);
    if (d.isNegative()) {
      throw new InvalidRequestException(name + " must not be negative, was '" + value + "'");
    }
    return d;
  }

  static int intParam(Map<String, String> params, String name, int defaultValue, int max) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(name + " must be a whole number, was '" + value + "'");
    }
    if (parsed <= 0) {
      throw new InvalidRequestException(name + " must be > 0, was " + parsed);
    }
    if (parsed > max) {
      throw new InvalidRequestException(name + " must be <= " + max + ", was " + parsed);
    }
    return parsed;
  }

  /** Parses a unix-seconds parameter; 0 when absent. */
  public static long seconds(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long parsed = Long.parseLong(value.strip());
      if (parsed < 0) {
        throw new InvalidRequestException(name + " must be unix seconds >= 0, was " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          name + " must be unix seconds (a whole number), was '" + value + "'");
    }
  }
}
