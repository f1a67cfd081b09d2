package dev.skein.querier.remote;

import dev.skein.api.v1.FindTraceByIDRequest;
import dev.skein.api.v1.IngesterQueryGrpc;
import dev.skein.api.v1.PartialStatus;
import dev.skein.api.v1.SearchMetrics;
import dev.skein.api.v1.SearchRequest;
import dev.skein.api.v1.SearchResponse;
import dev.skein.api.v1.SearchTagValuesRequest;
import dev.skein.api.v1.SearchTagValuesV2Response;
import dev.skein.api.v1.SearchTagsRequest;
import dev.skein.api.v1.SearchTagsV2Response;
import dev.skein.api.v1.SearchTagsV2Scope;
import dev.skein.api.v1.TraceByIDMetrics;
import dev.skein.api.v1.TraceByIDResponse;
import dev.skein.common.InvalidRequestException;
import dev.skein.common.TenantIds;
import dev.skein.common.UnauthenticatedException;
import dev.skein.querier.search.SearchEngine;
import dev.skein.querier.search.SearchJob;
import dev.skein.querier.search.SearchPlan;
import dev.skein.querier.search.SearchSource;
import dev.skein.querier.tags.TagRequest;
import dev.skein.querier.tags.TagSource;
import dev.skein.querier.tags.TagsEngine;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.querier.trace.TraceLookup;
import dev.skein.querier.trace.TraceSource;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceCombiner;
import dev.skein.trace.TraceId;
import dev.skein.trace.view.TagCollector.TagValue;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.TraceQLException;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.eval.Evaluator;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code IngesterQuery} from an ingester's in-process sources, so a querier in another
 * process reads recent data exactly as {@code all} mode reads it in-process. Tenants are checked as
 * the HTTP API checks them: with multi-tenancy off every request reads {@code single-tenant}; with
 * it on the request must name one valid tenant. Errors map to gRPC statuses with a precise message
 * (INVALID_ARGUMENT, UNAUTHENTICATED, INTERNAL). Thread-safe.
 */
public final class IngesterQueryService extends IngesterQueryGrpc.IngesterQueryImplBase {

  private static final Logger LOG = LoggerFactory.getLogger(IngesterQueryService.class);

  private final List<TraceSource> traces;
  private final List<SearchSource> searches;
  private final List<TagSource> tags;
  private final boolean multitenancy;
  private final long maxTraceBytes;

  /**
   * Creates the service.
   *
   * @param traces the ingester's trace-by-id sources
   * @param searches the ingester's search sources
   * @param tags the ingester's tag sources
   * @param multitenancy whether requests must name their tenant
   * @param maxTraceBytes the largest trace returned; bigger ones are cut and flagged PARTIAL
   */
  public IngesterQueryService(
      List<TraceSource> traces,
      List<SearchSource> searches,
      List<TagSource> tags,
      boolean multitenancy,
      long maxTraceBytes) {
    this.traces = List.copyOf(traces);
    this.searches = List.copyOf(searches);
    this.tags = List.copyOf(tags);
    this.multitenancy = multitenancy;
    this.maxTraceBytes = maxTraceBytes;
  }

  @Override
  public void findTraceByID(
      FindTraceByIDRequest request, StreamObserver<TraceByIDResponse> response) {
    answer(response, () -> findTrace(request));
  }

  @Override
  public void search(SearchRequest request, StreamObserver<SearchResponse> response) {
    answer(response, () -> search(request));
  }

  @Override
  public void searchTags(SearchTagsRequest request, StreamObserver<SearchTagsV2Response> response) {
    answer(response, () -> tagNames(request));
  }

  @Override
  public void searchTagValues(
      SearchTagValuesRequest request, StreamObserver<SearchTagValuesV2Response> response) {
    answer(response, () -> tagValues(request));
  }

  private TraceByIDResponse findTrace(FindTraceByIDRequest request) throws Exception {
    String tenant = tenant(request.getTenant());
    if (request.getTraceId().size() != TraceId.BYTES) {
      throw new InvalidRequestException(
          "trace_id must be " + TraceId.BYTES + " bytes, was " + request.getTraceId().size());
    }
    TraceId traceId = TraceId.fromByteString(request.getTraceId());
    TimeWindow window = window(request.getStartSeconds(), request.getEndSeconds());
    TraceCombiner combiner = new TraceCombiner(traceId, maxTraceBytes);
    long inspected = 0;
    for (TraceSource source : traces) {
      for (TraceLookup lookup : source.lookups(tenant, traceId, window)) {
        TraceLookup.Result found = lookup.find();
        inspected += found.inspectedBytes();
        found.part().ifPresent(combiner::add);
      }
    }
    Trace trace = combiner.result();
    TraceByIDResponse.Builder out =
        TraceByIDResponse.newBuilder()
            .setTrace(
                dev.skein.api.v1.Trace.newBuilder().addAllResourceSpans(trace.resourceSpans()))
            .setMetrics(TraceByIDMetrics.newBuilder().setInspectedBytes(inspected));
    if (combiner.truncated()) {
      out.setStatus(PartialStatus.PARTIAL)
          .setMessage(
              "trace exceeds the size limit of "
                  + maxTraceBytes
                  + " bytes; "
                  + combiner.truncatedSpans()
                  + " spans left out");
    }
    return out.build();
  }

  private SearchResponse search(SearchRequest request) throws Exception {
    String tenant = tenant(request.getTenant());
    if (request.getLimit() == 0) {
      throw new InvalidRequestException("limit must be > 0");
    }
    if (request.getSpansPerSpanSet() == 0) {
      throw new InvalidRequestException("spans_per_span_set must be > 0");
    }
    if (!request.getTagsMap().isEmpty()
        || request.getMinDurationNanos() != 0
        || request.getMaxDurationNanos() != 0) {
      throw new InvalidRequestException(
          "send legacy tag and duration searches as TraceQL in query (the querier converts them)");
    }
    TimeWindow window = window(request.getStartSeconds(), request.getEndSeconds());
    SearchPlan plan =
        SearchPlan.of(
            SearchEngine.parse(request.getQuery()),
            window,
            request.getStartSeconds() == 0 && request.getEndSeconds() == 0,
            request.getLimit(),
            request.getSpansPerSpanSet());
    SearchResponse.Builder out = SearchResponse.newBuilder();
    long traceCount = 0;
    long spans = 0;
    long bytes = 0;
    int jobs = 0;
    for (SearchSource source : searches) {
      for (SearchJob job : source.jobs(tenant, plan)) {
        SearchJob.Result r = job.run();
        out.addAllTraces(r.traces());
        traceCount += r.inspectedTraces();
        spans += r.inspectedSpans();
        bytes += r.inspectedBytes();
        jobs++;
      }
    }
    return out.setMetrics(
            SearchMetrics.newBuilder()
                .setInspectedTraces((int) Math.min(Integer.MAX_VALUE, traceCount))
                .setInspectedSpans(spans)
                .setInspectedBytes(bytes)
                .setCompletedJobs(jobs)
                .setTotalJobs(jobs))
        .build();
  }

  private SearchTagsV2Response tagNames(SearchTagsRequest request) {
    String tenant = tenant(request.getTenant());
    TagRequest tagRequest =
        tagRequest(
            request.getStartSeconds(),
            request.getEndSeconds(),
            request.getLimit(),
            request.getQuery());
    String scope = request.getScope();
    Map<String, Set<String>> merged = new TreeMap<>();
    for (TagSource source : tags) {
      source
          .tagNames(tenant, tagRequest)
          .forEach((s, n) -> merged.computeIfAbsent(s, k -> new TreeSet<>()).addAll(n));
    }
    SearchTagsV2Response.Builder out = SearchTagsV2Response.newBuilder();
    merged.forEach(
        (name, names) -> {
          if (scope.isEmpty() || scope.equals(name)) {
            out.addScopes(SearchTagsV2Scope.newBuilder().setName(name).addAllTags(names));
          }
        });
    return out.build();
  }

  private SearchTagValuesV2Response tagValues(SearchTagValuesRequest request) {
    String tenant = tenant(request.getTenant());
    FieldExpr field = TagsEngine.field(request.getTag());
    TagRequest tagRequest =
        tagRequest(
            request.getStartSeconds(),
            request.getEndSeconds(),
            request.getLimit(),
            request.getQuery());
    Set<TagValue> values = new TreeSet<>();
    for (TagSource source : tags) {
      values.addAll(source.tagValues(tenant, field, tagRequest));
    }
    SearchTagValuesV2Response.Builder out = SearchTagValuesV2Response.newBuilder();
    for (TagValue v : values) {
      out.addTagValues(
          dev.skein.api.v1.TagValue.newBuilder().setType(v.type()).setValue(v.value()));
    }
    return out.build();
  }

  private String tenant(String tenant) {
    if (!multitenancy) {
      return TenantIds.SINGLE_TENANT;
    }
    if (tenant.isBlank()) {
      throw new UnauthenticatedException(
          "request names no tenant: multi-tenancy is on, every request must name its tenant");
    }
    return TenantIds.validate(tenant);
  }

  private static TimeWindow window(long start, long end) {
    if (start < 0 || end < 0) {
      throw new InvalidRequestException(
          "start_seconds and end_seconds must be unix seconds, were "
              + Long.toUnsignedString(start)
              + " and "
              + Long.toUnsignedString(end));
    }
    return new TimeWindow(start, end);
  }

  private static TagRequest tagRequest(long start, long end, int limit, String query) {
    if (limit <= 0) {
      throw new InvalidRequestException(
          "limit must be > 0, was " + Integer.toUnsignedString(limit));
    }
    return new TagRequest(window(start, end), start == 0 && end == 0, limit, filter(query), query);
  }

  /** The tag filter; like the HTTP API, an incomplete or invalid one is ignored. */
  private static @Nullable Evaluator filter(String query) {
    if (query.isBlank()) {
      return null;
    }
    try {
      return Evaluator.of(TraceQL.parse(query));
    } catch (TraceQLException e) {
      return null;
    }
  }

  private static <T> void answer(StreamObserver<T> response, Callable<T> call) {
    T result;
    try {
      result = call.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.onError(GrpcStatuses.of(e));
      return;
    } catch (Exception e) {
      if (!(e instanceof InvalidRequestException || e instanceof UnauthenticatedException)) {
        LOG.warn("ingester query failed", e);
      }
      response.onError(GrpcStatuses.of(e));
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }
}
