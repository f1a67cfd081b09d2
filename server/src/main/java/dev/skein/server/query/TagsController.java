package dev.skein.server.query;

import com.google.protobuf.MessageOrBuilder;
import dev.skein.api.TempoJson;
import dev.skein.querier.QueryTenants;
import dev.skein.querier.tags.TagsEngine;
import dev.skein.server.target.ComponentId;
import dev.skein.server.target.ConditionalOnComponent;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tag endpoints Grafana's autocomplete calls: names (v1, v2) and values (v1, v2). */
@RestController
@ConditionalOnComponent(ComponentId.QUERIER)
public class TagsController {

  private final TagsEngine engine;
  private final RequestTenants tenants;

  TagsController(TagsEngine engine, RequestTenants tenants) {
    this.engine = engine;
    this.tenants = tenants;
  }

  @GetMapping("/api/search/tags")
  ResponseEntity<String> tags(
      @RequestParam Map<String, String> params,
      @RequestHeader(value = QueryTenants.HEADER, required = false) @Nullable String tenant) {
    return json(engine.tagsV1(tenants.resolve(tenant), params));
  }

  @GetMapping("/api/v2/search/tags")
  ResponseEntity<String> tagsV2(
      @RequestParam Map<String, String> params,
      @RequestHeader(value = QueryTenants.HEADER, required = false) @Nullable String tenant) {
    return json(engine.tagsV2(tenants.resolve(tenant), params));
  }

  @GetMapping("/api/search/tag/{tag}/values")
  ResponseEntity<String> values(
      @PathVariable String tag,
      @RequestParam Map<String, String> params,
      @RequestHeader(value = QueryTenants.HEADER, required = false) @Nullable String tenant) {
    return json(engine.tagValuesV1(tenants.resolve(tenant), tag, params));
  }

  @GetMapping("/api/v2/search/tag/{tag}/values")
  ResponseEntity<String> valuesV2(
      @PathVariable String tag,
      @RequestParam Map<String, String> params,
      @RequestHeader(value = QueryTenants.HEADER, required = false) @Nullable String tenant) {
    return json(engine.tagValuesV2(tenants.resolve(tenant), tag, params));
  }

  private static ResponseEntity<String> json(MessageOrBuilder message) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(TempoJson.print(message));
  }
}
