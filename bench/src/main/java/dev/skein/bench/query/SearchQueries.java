package dev.skein.bench.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fixed searches of the benchmark, each aimed at something the workload plants: a service,
 * errors, slow traces, the N+1 comb, retry storms, the slow shard, late consumers and one
 * high-cardinality user id.
 */
public final class SearchQueries {

  /**
   * One search.
   *
   * @param name short label for the report
   * @param query the URL query string, encoded, without {@code start}/{@code end}
   */
  public record Query(String name, String query) {}

  private SearchQueries() {}

  /**
   * The searches over {@code [startSeconds, endSeconds]}.
   *
   * @param userId a user id that occurs in the workload
   */
  public static List<Query> all(long startSeconds, long endSeconds, String userId) {
    String window = "&start=" + startSeconds + "&end=" + endSeconds + "&limit=20";
    return List.of(
        tags("tags service.name", "service.name=checkout-service", window),
        tags("tags http status 500", "http.response.status_code=500", window),
        new Query("minDuration 1s", "minDuration=1s" + window),
        traceql(
            "error in checkout",
            "{ resource.service.name = \"checkout-service\" && status = error }",
            window),
        traceql("N+1 comb table", "{ span.db.collection.name = \"order_items\" }", window),
        traceql("retry storm", "{ span.http.request.resend_count >= 3 }", window),
        traceql("slow shard", "{ span.app.shard.id >= 0 && duration > 250ms }", window),
        traceql("late consumer", "{ span.messaging.operation.type = \"process\" }", window),
        traceql(
            "one user (high cardinality)", "{ span.app.user.id = \"" + userId + "\" }", window));
  }

  private static Query tags(String name, String logfmt, String window) {
    return new Query(name, "tags=" + encode(logfmt) + window);
  }

  private static Query traceql(String name, String q, String window) {
    return new Query("TraceQL " + name, "q=" + encode(q) + window);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
