package dev.skein.server.query;

import dev.skein.api.TempoJson;
import dev.skein.api.v1.PartialStatus;
import dev.skein.api.v1.TraceByIDMetrics;
import dev.skein.api.v1.TraceByIDResponse;
import dev.skein.common.NotFoundException;
import dev.skein.querier.QueryTenants;
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
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/traces/{id}} (v1, {@code {"batches": [...]}}, 404 when absent) and {@code GET
 * /api/v2/traces/{id}} (wrapper with status, 200 with an empty trace when absent). Both answer
 * protobuf when the client accepts {@code application/protobuf}, as Grafana does.
 */
@RestController
@ConditionalOnComponent(ComponentId.QUERIER)
public class TraceController {

  /** The binary media type Grafana asks for. */
  public static final MediaType PROTOBUF = MediaType.parseMediaType("application/protobuf");

  /** Header carrying the reason when a v1 answer is partial (v1 has no status field). */
  public static final String PARTIAL_HEADER = "X-Skein-Partial";

  private final TraceByIdQuery query;
  private final RequestTenants tenants;

  TraceController(TraceByIdQuery query, RequestTenants tenants) {
    this.query = query;
    this.tenants = tenants;
  }

  @GetMapping("/api/traces/{traceId}")
  ResponseEntity<?> traceV1(
      @PathVariable String traceId,
      @RequestParam Map<String, String> params,
      @RequestHeader(value = QueryTenants.HEADER, required = false) @Nullable String tenant,
      @RequestHeader(value = "Accept", required = false) @Nullable String accept) {
    TraceId id = TraceId.parseHex(traceId);
    TraceByIdResult result = find(id, params, tenant);
    Trace trace =
        result
            .trace()
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "trace "
                            + id
                            + " not found"
                            + (result.partial()
                                ? " (answer incomplete: " + result.message() + ")"
                                : "")));
    dev.skein.api.v1.Trace body = toApi(trace);
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    if (result.partial()) {
      ok.header(PARTIAL_HEADER, result.message());
    }
    if (wantsProtobuf(accept)) {
      return ok.contentType(PROTOBUF).body(body.toByteArray());
    }
    return ok.contentType(MediaType.APPLICATION_JSON).body(TempoJson.printV1Trace(body));
  }

  @GetMapping("/api/v2/traces/{traceId}")
  ResponseEntity<?> traceV2(
      @PathVariable String traceId,
      @RequestParam Map<String, String> params,
      @RequestHeader(value = QueryTenants.HEADER, required = false) @Nullable String tenant,
      @RequestHeader(value = "Accept", required = false) @Nullable String accept) {
    TraceId id = TraceId.parseHex(traceId);
    TraceByIdResult result = find(id, params, tenant);
    TraceByIDResponse.Builder response =
        TraceByIDResponse.newBuilder()
            .setTrace(
                result
                    .trace()
                    .map(TraceController::toApi)
                    .orElse(dev.skein.api.v1.Trace.getDefaultInstance()))
            .setMetrics(TraceByIDMetrics.newBuilder().setInspectedBytes(result.inspectedBytes()));
    if (result.partial()) {
      response.setStatus(PartialStatus.PARTIAL).setMessage(result.message());
    }
    if (wantsProtobuf(accept)) {
      return ResponseEntity.ok().contentType(PROTOBUF).body(response.build().toByteArray());
    }
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(TempoJson.print(response));
  }

  private TraceByIdResult find(TraceId id, Map<String, String> params, @Nullable String tenant) {
    TimeWindow window =
        new TimeWindow(
            SearchRequestParser.seconds(params, "start"),
            SearchRequestParser.seconds(params, "end"));
    return query.find(tenants.resolve(tenant), id, window);
  }

  static dev.skein.api.v1.Trace toApi(Trace trace) {
    return dev.skein.api.v1.Trace.newBuilder().addAllResourceSpans(trace.resourceSpans()).build();
  }

  static boolean wantsProtobuf(@Nullable String accept) {
    return accept != null
        && (accept.contains("application/protobuf") || accept.contains("application/x-protobuf"));
  }
}
