package dev.skein.server.query;

import dev.skein.common.NotFoundException;
import dev.skein.querier.QueryTenants;
import dev.skein.querier.analysis.TraceAnalyzer;
import dev.skein.querier.search.SearchRequestParser;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.querier.trace.TraceByIdQuery;
import dev.skein.querier.trace.TraceByIdResult;
import dev.skein.server.target.ComponentId;
import dev.skein.server.target.ConditionalOnComponent;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v2/traces/{id}/analysis}: where the time of a trace went (self time, critical
 * path, time per service) and which bad shapes it has. 404 when no span of the trace is stored; a
 * partial trace is analysed as far as it goes and flagged {@code partial}.
 */
@RestController
@ConditionalOnComponent(ComponentId.QUERIER)
public class AnalysisController {

  private final TraceByIdQuery query;
  private final TraceAnalyzer analyzer;
  private final RequestTenants tenants;

  AnalysisController(TraceByIdQuery query, TraceAnalyzer analyzer, RequestTenants tenants) {
    this.query = query;
    this.analyzer = analyzer;
    this.tenants = tenants;
  }

  @GetMapping(
      value = "/api/v2/traces/{traceId}/analysis",
      produces = MediaType.APPLICATION_JSON_VALUE)
  AnalysisResponse analysis(
      @PathVariable String traceId,
      @RequestParam Map<String, String> params,
      @RequestHeader(value = QueryTenants.HEADER, required = false) @Nullable String tenant) {
    TraceId id = TraceId.parseHex(traceId);
    TimeWindow window =
        new TimeWindow(
            SearchRequestParser.seconds(params, "start"),
            SearchRequestParser.seconds(params, "end"));
    TraceByIdResult result = query.find(tenants.resolve(tenant), id, window);
    Trace trace =
        result.trace().orElseThrow(() -> new NotFoundException("trace " + id + " not found"));
    return AnalysisResponse.of(analyzer.analyze(trace), result);
  }
}
