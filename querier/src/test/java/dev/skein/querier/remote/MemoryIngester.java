package dev.skein.querier.remote;

import dev.skein.querier.search.SearchJob;
import dev.skein.querier.search.SearchPlan;
import dev.skein.querier.search.SearchSource;
import dev.skein.querier.search.TraceListJob;
import dev.skein.querier.tags.TagRequest;
import dev.skein.querier.tags.TagSource;
import dev.skein.querier.tags.TraceListTagSource;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.querier.trace.TraceLookup;
import dev.skein.querier.trace.TraceSource;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import dev.skein.trace.view.TagCollector.TagValue;
import dev.skein.traceql.ast.FieldExpr;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test stand-in for an ingester's in-process sources (traces held per tenant), served over a real
 * gRPC server on a loopback port by the real {@link IngesterQueryService}.
 */
final class MemoryIngester implements TraceSource, SearchSource, TagSource, AutoCloseable {

  private final Map<String, List<Trace>> byTenant = new ConcurrentHashMap<>();
  private final Server server;

  MemoryIngester(boolean multitenancy) throws IOException {
    IngesterQueryService service =
        new IngesterQueryService(
            List.of(this), List.of(this), List.of(this), multitenancy, 1 << 20);
    server =
        Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(service)
            .build()
            .start();
  }

  MemoryIngester add(String tenant, Trace trace) {
    byTenant.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>()).add(trace);
    return this;
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  void stop() throws InterruptedException {
    if (!server.isTerminated()) {
      server.shutdownNow().awaitTermination();
    }
  }

  private List<Trace> traces(String tenant) {
    return byTenant.getOrDefault(tenant, List.of());
  }

  @Override
  public List<TraceLookup> lookups(String tenant, TraceId traceId, TimeWindow window) {
    return List.of(
        new TraceLookup() {
          @Override
          public String describe() {
            return "memory";
          }

          @Override
          public Result find() {
            Optional<Trace> found =
                traces(tenant).stream().filter(t -> t.traceId().equals(traceId)).findFirst();
            return new Result(found, found.isPresent() ? 100 : 0);
          }
        });
  }

  @Override
  public List<SearchJob> jobs(String tenant, SearchPlan plan) {
    return List.of(new TraceListJob("memory", Long.MAX_VALUE, plan, () -> traces(tenant)));
  }

  @Override
  public Map<String, Set<String>> tagNames(String tenant, TagRequest request) {
    return new TraceListTagSource(this::traces).tagNames(tenant, request);
  }

  @Override
  public Set<TagValue> tagValues(String tenant, FieldExpr field, TagRequest request) {
    return new TraceListTagSource(this::traces).tagValues(tenant, field, request);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
