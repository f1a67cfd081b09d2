package dev.skein.querier.remote;

import dev.skein.api.v1.FindTraceByIDRequest;
import dev.skein.api.v1.IngesterQueryGrpc;
import dev.skein.api.v1.SearchRequest;
import dev.skein.api.v1.SearchResponse;
import dev.skein.api.v1.SearchTagValuesRequest;
import dev.skein.api.v1.SearchTagsRequest;
import dev.skein.api.v1.SearchTagsV2Scope;
import dev.skein.api.v1.TraceByIDResponse;
import dev.skein.querier.search.SearchJob;
import dev.skein.querier.search.SearchPlan;
import dev.skein.querier.search.SearchSource;
import dev.skein.querier.tags.TagRequest;
import dev.skein.querier.tags.TagSource;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.querier.trace.TraceLookup;
import dev.skein.querier.trace.TraceSource;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import dev.skein.trace.view.TagCollector.TagValue;
import dev.skein.traceql.ast.FieldExpr;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingesters of other processes as a source of recent data for trace by id, search and tags.
 * Every known ingester is asked, each call with a deadline of {@code callTimeout}. The query
 * engines run trace lookups and search jobs in parallel with their own concurrency bound; tag
 * requests are fanned out here on virtual threads, at most {@code concurrency} at a time.
 *
 * <p>An ingester that is down, too slow or answers an error never fails a query: its trace lookup
 * fails (the trace answer is PARTIAL naming it), its search job is unreadable (the search answer is
 * PARTIAL naming it), and its tags are left out with a warning in the log. An entry of {@code
 * skein.querier.ingesters} that resolves to nothing is reported the same way. Thread-safe.
 */
public final class RemoteIngesters implements TraceSource, SearchSource, TagSource, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteIngesters.class);

  private final IngesterDiscovery discovery;
  private final IngesterChannels channels;
  private final Duration callTimeout;
  private final Semaphore permits;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * Creates the client.
   *
   * @param discovery where the ingesters are
   * @param channelFactory makes a channel to one ingester
   * @param callTimeout deadline of each call to one ingester
   * @param concurrency tag calls in flight at once
   */
  public RemoteIngesters(
      IngesterDiscovery discovery,
      Function<IngesterEndpoint, ManagedChannel> channelFactory,
      Duration callTimeout,
      int concurrency) {
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException(
          "skein.querier.ingester-timeout must be > 0, was " + callTimeout);
    }
    if (concurrency <= 0) {
      throw new IllegalArgumentException(
          "skein.querier.query-concurrency must be > 0, was " + concurrency);
    }
    this.discovery = discovery;
    this.channels = new IngesterChannels(channelFactory);
    this.callTimeout = callTimeout;
    this.permits = new Semaphore(concurrency);
    // Connect now rather than on the first query, so the first answer is not slowed by it.
    for (IngesterEndpoint endpoint : discovery.current().endpoints()) {
      channels.get(endpoint).getState(true);
    }
  }

  /** A client over plain-text channels accepting messages up to {@code maxMessageBytes}. */
  public static RemoteIngesters plaintext(
      IngesterDiscovery discovery, Duration callTimeout, int concurrency, int maxMessageBytes) {
    return new RemoteIngesters(
        discovery, IngesterChannels.plaintext(maxMessageBytes), callTimeout, concurrency);
  }

  @Override
  public List<TraceLookup> lookups(String tenant, TraceId traceId, TimeWindow window) {
    FindTraceByIDRequest request =
        FindTraceByIDRequest.newBuilder()
            .setTenant(tenant)
            .setTraceId(traceId.toByteString())
            .setStartSeconds(window.startSeconds())
            .setEndSeconds(window.endSeconds())
            .build();
    IngesterDiscovery.Snapshot known = known();
    List<TraceLookup> lookups = new ArrayList<>();
    for (IngesterEndpoint endpoint : known.endpoints()) {
      lookups.add(new RemoteLookup(endpoint, traceId, request));
    }
    for (String problem : known.problems()) {
      lookups.add(new UnresolvedLookup(problem));
    }
    return lookups;
  }

  @Override
  public List<SearchJob> jobs(String tenant, SearchPlan plan) {
    SearchRequest request =
        SearchRequest.newBuilder()
            .setTenant(tenant)
            .setQuery(plan.traceql())
            .setLimit(plan.limit())
            .setSpansPerSpanSet(plan.spansPerSpanSet())
            .setStartSeconds(plan.window().startSeconds())
            .setEndSeconds(plan.window().endSeconds())
            .build();
    IngesterDiscovery.Snapshot known = known();
    List<SearchJob> jobs = new ArrayList<>();
    for (IngesterEndpoint endpoint : known.endpoints()) {
      jobs.add(new RemoteSearchJob(endpoint, request));
    }
    for (String problem : known.problems()) {
      jobs.add(new UnresolvedSearchJob(problem));
    }
    return jobs;
  }

  @Override
  public Map<String, Set<String>> tagNames(String tenant, TagRequest request) {
    SearchTagsRequest call =
        SearchTagsRequest.newBuilder()
            .setTenant(tenant)
            .setQuery(request.filterText())
            .setLimit(request.limit())
            .setStartSeconds(request.window().startSeconds())
            .setEndSeconds(request.window().endSeconds())
            .build();
    Map<String, Set<String>> merged = new TreeMap<>();
    for (var response : fanOut("tag names", e -> stub(e).searchTags(call))) {
      for (SearchTagsV2Scope scope : response.getScopesList()) {
        merged.computeIfAbsent(scope.getName(), k -> new TreeSet<>()).addAll(scope.getTagsList());
      }
    }
    return merged;
  }

  @Override
  public Set<TagValue> tagValues(String tenant, FieldExpr field, TagRequest request) {
    SearchTagValuesRequest call =
        SearchTagValuesRequest.newBuilder()
            .setTenant(tenant)
            .setTag(field.toString())
            .setQuery(request.filterText())
            .setLimit(request.limit())
            .setStartSeconds(request.window().startSeconds())
            .setEndSeconds(request.window().endSeconds())
            .build();
    Set<TagValue> values = new TreeSet<>();
    for (var response : fanOut("tag values", e -> stub(e).searchTagValues(call))) {
      for (dev.skein.api.v1.TagValue v : response.getTagValuesList()) {
        values.add(new TagValue(v.getType(), v.getValue()));
      }
    }
    return values;
  }

  /** Asks every known ingester at once; those that fail are logged and left out. */
  private <T> List<T> fanOut(String what, Function<IngesterEndpoint, T> call) {
    IngesterDiscovery.Snapshot known = known();
    known.problems().forEach(p -> LOG.warn("{} leave out {}", what, p));
    List<IngesterEndpoint> endpoints = known.endpoints();
    List<Future<T>> futures = new ArrayList<>(endpoints.size());
    for (IngesterEndpoint endpoint : endpoints) {
      futures.add(
          executor.submit(
              () -> {
                permits.acquire();
                try {
                  return call.apply(endpoint);
                } finally {
                  permits.release();
                }
              }));
    }
    long deadline = System.nanoTime() + callTimeout.toNanos() * 2;
    List<T> answers = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      try {
        answers.add(
            futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        String why =
            cause instanceof StatusRuntimeException s
                ? IngesterCallException.describe(endpoints.get(i), s, callTimeout)
                : endpoints.get(i).describe() + ": " + cause;
        LOG.warn("{} are incomplete: {}", what, why);
      } catch (TimeoutException e) {
        futures.get(i).cancel(true);
        LOG.warn("{} are incomplete: {} timed out", what, endpoints.get(i).describe());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return answers;
  }

  private IngesterDiscovery.Snapshot known() {
    IngesterDiscovery.Snapshot known = discovery.current();
    channels.retain(known.endpoints());
    return known;
  }

  private IngesterQueryGrpc.IngesterQueryBlockingStub stub(IngesterEndpoint endpoint) {
    return IngesterQueryGrpc.newBlockingStub(channels.get(endpoint))
        .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** One ingester's part of a trace. */
  private final class RemoteLookup implements TraceLookup {
    private final IngesterEndpoint endpoint;
    private final TraceId traceId;
    private final FindTraceByIDRequest request;

    RemoteLookup(IngesterEndpoint endpoint, TraceId traceId, FindTraceByIDRequest request) {
      this.endpoint = endpoint;
      this.traceId = traceId;
      this.request = request;
    }

    @Override
    public String describe() {
      return endpoint.describe();
    }

    @Override
    public Result find() {
      TraceByIDResponse response;
      try {
        response = stub(endpoint).findTraceByID(request);
      } catch (StatusRuntimeException e) {
        throw IngesterCallException.of(e, callTimeout);
      }
      long inspected = response.getMetrics().getInspectedBytes();
      if (response.getTrace().getResourceSpansCount() == 0) {
        return Result.none(inspected);
      }
      return new Result(
          Optional.of(new Trace(traceId, response.getTrace().getResourceSpansList())), inspected);
    }
  }

  /** An entry of the ingester list that resolves to nothing: always fails, naming it. */
  private record UnresolvedLookup(String problem) implements TraceLookup {
    @Override
    public String describe() {
      return "ingesters";
    }

    @Override
    public Result find() {
      throw new IngesterCallException(problem);
    }
  }

  /** One ingester's recent data searched remotely. */
  private final class RemoteSearchJob implements SearchJob {
    private final IngesterEndpoint endpoint;
    private final SearchRequest request;

    RemoteSearchJob(IngesterEndpoint endpoint, SearchRequest request) {
      this.endpoint = endpoint;
      this.request = request;
    }

    @Override
    public String describe() {
      return endpoint.describe();
    }

    @Override
    public long newestStartNanos() {
      return Long.MAX_VALUE;
    }

    @Override
    public Result run() {
      SearchResponse response;
      try {
        response = stub(endpoint).search(request);
      } catch (StatusRuntimeException e) {
        String why = IngesterCallException.describe(endpoint, e, callTimeout);
        LOG.warn("search is partial: {}", why);
        return Result.unreadable(why);
      }
      return new Result(
          response.getTracesList(),
          response.getMetrics().getInspectedTraces(),
          response.getMetrics().getInspectedSpans(),
          response.getMetrics().getInspectedBytes());
    }
  }

  /** An entry of the ingester list that resolves to nothing: always unreadable, naming it. */
  private record UnresolvedSearchJob(String problem) implements SearchJob {
    @Override
    public String describe() {
      return "ingesters";
    }

    @Override
    public long newestStartNanos() {
      return Long.MAX_VALUE;
    }

    @Override
    public Result run() {
      return Result.unreadable(problem);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    channels.close();
    discovery.close();
  }

  @Override
  public String toString() {
    return "RemoteIngesters{" + discovery + ", callTimeout=" + callTimeout + "}";
  }
}
