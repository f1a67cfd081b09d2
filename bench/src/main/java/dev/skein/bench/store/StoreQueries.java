package dev.skein.bench.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The searches of {@code store-bench}: the dashboard queries of issue #5 (as Grafana's search form
 * sends them, legacy {@code tags} + {@code minDuration}) and the TraceQL set of issue #7, each as
 * the {@code /api/search} parameters the server would parse, without {@code start}/{@code end}.
 */
final class StoreQueries {

  /**
   * One search.
   *
   * @param name label for the report
   * @param kind "index" when an equality on an indexed key can narrow the rows, "scan" otherwise
   * @param params the request parameters
   * @param lastBlocks search only the newest this many blocks (0: the whole dataset)
   */
  record StoreQuery(String name, String kind, Map<String, String> params, int lastBlocks) {}

  private StoreQueries() {}

  /** Every query; the no-match full scan reads the newest {@code scanBlocks} blocks only. */
  static List<StoreQuery> all(int scanBlocks) {
    return List.of(
        tags("service + duration", "service.name=checkout-service", "100ms"),
        tags("service + status=error", "service.name=checkout-service error=true", null),
        tags("tag equality", "db.system=mysql", null),
        traceql(
            "service && duration",
            "index",
            "{ resource.service.name = \"checkout-service\" && duration > 100ms }",
            0),
        traceql("status = error", "index", "{ status = error }", 0),
        traceql(
            "structural >>",
            "index",
            "{ resource.service.name = \"checkout-service\" } >> { span.db.system != nil }",
            0),
        traceql("regex on url", "scan", "{ span.url.full =~ \".*/products/.*\" }", 0),
        traceql("count() > N", "index", "{ span.db.system = \"postgresql\" } | count() > 10", 0),
        traceql(
            "full scan, no match",
            "scan",
            "{ span.url.full =~ \".*/no-such-path/.*\" }",
            scanBlocks));
  }

  private static StoreQuery tags(String name, String logfmt, String minDuration) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("tags", logfmt);
    if (minDuration != null) {
      p.put("minDuration", minDuration);
    }
    p.put("limit", "20");
    return new StoreQuery("tags: " + name, "index", p, 0);
  }

  private static StoreQuery traceql(String name, String kind, String q, int lastBlocks) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("q", q);
    p.put("limit", "20");
    return new StoreQuery("TraceQL " + name + ": " + q, kind, p, lastBlocks);
  }
}
