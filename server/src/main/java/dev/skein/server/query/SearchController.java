package dev.skein.server.query;

import dev.skein.api.TempoJson;
import dev.skein.querier.QueryTenants;
import dev.skein.querier.search.SearchEngine;
import dev.skein.querier.search.SearchQuery;
import dev.skein.server.target.ComponentId;
import dev.skein.server.target.ConditionalOnComponent;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/search}: TraceQL ({@code q}) or legacy tag search ({@code tags}, {@code
 * minDuration}, {@code maxDuration}), with {@code limit}, {@code spss}, {@code start}, {@code end}.
 * Results are newest first and deterministic.
 */
@RestController
@ConditionalOnComponent(ComponentId.QUERIER)
public class SearchController {

  private final SearchEngine engine;
  private final RequestTenants tenants;

  SearchController(SearchEngine engine, RequestTenants tenants) {
    this.engine = engine;
    this.tenants = tenants;
  }

  @GetMapping("/api/search")
  ResponseEntity<String> search(
      @RequestParam Map<String, String> params,
      @RequestHeader(value = QueryTenants.HEADER, required = false) @Nullable String tenant) {
    SearchQuery query = engine.parser().parse(params);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(TempoJson.print(engine.search(tenants.resolve(tenant), query)));
  }
}
