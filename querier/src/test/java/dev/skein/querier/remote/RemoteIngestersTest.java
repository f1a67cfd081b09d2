package dev.skein.querier.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.api.v1.FindTraceByIDRequest;
import dev.skein.api.v1.IngesterQueryGrpc;
import dev.skein.api.v1.PartialStatus;
import dev.skein.api.v1.SearchRequest;
import dev.skein.api.v1.SearchResponse;
import dev.skein.api.v1.TraceSearchMetadata;
import dev.skein.querier.QuerierConfig;
import dev.skein.querier.search.SearchEngine;
import dev.skein.querier.search.SearchEngineTest;
import dev.skein.querier.search.SearchQuery;
import dev.skein.querier.tags.TagsEngine;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.querier.trace.TraceByIdQuery;
import dev.skein.querier.trace.TraceByIdResult;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The querier's remote-ingester client against real gRPC servers on loopback running the real
 * {@link IngesterQueryService}, read through the real query engines: parts held by different
 * ingesters are merged, and a dead or slow ingester makes answers PARTIAL naming it.
 */
class RemoteIngestersTest {

  static final String TENANT = "single-tenant";
  static final long START = 1_700_000_000L;

  final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables.reversed()) {
      c.close();
    }
  }

  <T extends AutoCloseable> T closing(T c) {
    closeables.add(c);
    return c;
  }

  MemoryIngester ingester() throws IOException {
    return closing(new MemoryIngester(false));
  }

  RemoteIngesters client(Duration timeout, String... addresses) {
    return closing(
        RemoteIngesters.plaintext(
            IngesterDiscovery.of(List.of(addresses), Duration.ofMinutes(1)), timeout, 4, 64 << 20));
  }

  RemoteIngesters client(String... addresses) {
    return client(Duration.ofSeconds(10), addresses);
  }

  TraceByIdResult findById(RemoteIngesters client, TraceId id) {
    try (TraceByIdQuery query = new TraceByIdQuery(List.of(client), QuerierConfig.defaults())) {
      return query.find(List.of(TENANT), id, TimeWindow.UNBOUNDED);
    }
  }

  SearchResponse search(RemoteIngesters client, String traceql) {
    try (SearchEngine engine = new SearchEngine(List.of(client), QuerierConfig.defaults())) {
      return engine.search(
          List.of(TENANT), new SearchQuery(traceql, Map.of(), Duration.ZERO, null, 20, 3, 0, 0));
    }
  }

  /** The two halves of one trace: the root (service {@code service}) and the db child. */
  static List<Trace> halves(int n, String service) {
    Trace whole = SearchEngineTest.trace(n, service, START + n, 50, true);
    return List.of(
        new Trace(whole.traceId(), List.of(whole.resourceSpans().get(0))),
        new Trace(whole.traceId(), List.of(whole.resourceSpans().get(1))));
  }

  static String deadAddress() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void traceById_partsOnTwoIngesters_combinedComplete() throws Exception {
    List<Trace> parts = halves(1, "cart");
    MemoryIngester a = ingester().add(TENANT, parts.get(0));
    MemoryIngester b = ingester().add(TENANT, parts.get(1));

    TraceByIdResult result = findById(client(a.address(), b.address()), parts.get(0).traceId());

    assertThat(result.partial()).as(result.message()).isFalse();
    assertThat(result.trace()).isPresent();
    assertThat(result.trace().get().spanCount()).isEqualTo(2);
    assertThat(result.inspectedBytes()).isEqualTo(200);
  }

  @Test
  void traceById_oneIngesterDead_partialNamingItWithTheOtherHalf() throws Exception {
    List<Trace> parts = halves(2, "cart");
    MemoryIngester a = ingester().add(TENANT, parts.get(0));
    String dead = deadAddress();

    TraceByIdResult result = findById(client(a.address(), dead), parts.get(0).traceId());

    assertThat(result.partial()).isTrue();
    assertThat(result.message())
        .contains("1 of 2 sources could not be read")
        .contains("ingester " + dead + ": unreachable");
    assertThat(result.trace().orElseThrow().spanCount()).isEqualTo(1);
  }

  @Test
  void traceById_ingesterStoppedAfterAnswering_nextQueryPartial() throws Exception {
    List<Trace> parts = halves(3, "cart");
    MemoryIngester a = ingester().add(TENANT, parts.get(0));
    MemoryIngester b = ingester().add(TENANT, parts.get(1));
    String stopped = b.address();
    RemoteIngesters client = client(a.address(), stopped);
    assertThat(findById(client, parts.get(0).traceId()).partial()).isFalse();

    b.stop();
    TraceByIdResult result = findById(client, parts.get(0).traceId());

    assertThat(result.partial()).isTrue();
    assertThat(result.message()).contains("ingester " + stopped);
    assertThat(result.trace().orElseThrow().spanCount()).isEqualTo(1);
  }

  @Test
  void traceById_slowIngester_partialAfterTheCallDeadline() throws Exception {
    List<Trace> parts = halves(4, "cart");
    MemoryIngester a = ingester().add(TENANT, parts.get(0));
    CountDownLatch release = new CountDownLatch(1);
    Server slow = slowServer(release);
    try {
      RemoteIngesters client =
          client(Duration.ofMillis(300), a.address(), "127.0.0.1:" + slow.getPort());

      TraceByIdResult result = findById(client, parts.get(0).traceId());

      assertThat(result.partial()).isTrue();
      assertThat(result.message())
          .contains("ingester 127.0.0.1:" + slow.getPort() + ": no answer within PT0.3S");
      assertThat(result.trace().orElseThrow().spanCount()).isEqualTo(1);
    } finally {
      release.countDown();
      slow.shutdownNow();
    }
  }

  @Test
  void search_tracesOnBothIngesters_mergedNewestFirst() throws Exception {
    List<Trace> first = halves(5, "cart");
    MemoryIngester a = ingester().add(TENANT, first.get(0));
    MemoryIngester b =
        ingester()
            .add(TENANT, first.get(1))
            .add(TENANT, SearchEngineTest.trace(6, "cart", START + 6, 10, false));

    SearchResponse response = search(client(a.address(), b.address()), "{ }");

    assertThat(response.getStatus()).isEqualTo(PartialStatus.COMPLETE);
    assertThat(response.getTracesList())
        .extracting(TraceSearchMetadata::getTraceId)
        .containsExactly(TraceId.parseHex("6").toHex(), TraceId.parseHex("5").toHex());
    TraceSearchMetadata merged = response.getTraces(1);
    assertThat(merged.getRootServiceName()).isEqualTo("cart");
    assertThat(merged.getServiceStatsMap()).containsKeys("cart", "db");
    assertThat(response.getMetrics().getTotalJobs()).isEqualTo(2);
  }

  @Test
  void search_oneIngesterDead_partialNamingItWithTheOthersTraces() throws Exception {
    MemoryIngester a =
        ingester().add(TENANT, SearchEngineTest.trace(7, "cart", START + 7, 10, false));
    String dead = deadAddress();

    SearchResponse response = search(client(a.address(), dead), "{ }");

    assertThat(response.getStatus()).isEqualTo(PartialStatus.PARTIAL);
    assertThat(response.getMessage())
        .contains("1 of 2 search jobs could not be read")
        .contains("ingester " + dead + ": unreachable");
    assertThat(response.getTracesCount()).isEqualTo(1);
    assertThat(response.getMetrics().getCompletedJobs()).isEqualTo(1);
    assertThat(response.getMetrics().getTotalJobs()).isEqualTo(2);
  }

  @Test
  void search_legacyTagsAndDurations_reachIngestersAsTraceQL() throws Exception {
    MemoryIngester a =
        ingester()
            .add(TENANT, SearchEngineTest.trace(8, "cart", START + 8, 500, false))
            .add(TENANT, SearchEngineTest.trace(9, "cart", START + 9, 5, false));
    try (SearchEngine engine =
        new SearchEngine(List.of(client(a.address())), QuerierConfig.defaults())) {
      SearchResponse response =
          engine.search(
              List.of(TENANT),
              new SearchQuery(
                  "", Map.of("service.name", "cart"), Duration.ofMillis(100), null, 20, 3, 0, 0));
      assertThat(response.getTracesList()).hasSize(1);
      assertThat(response.getTraces(0).getDurationMs()).isEqualTo(500);
    }
  }

  @Test
  void tags_namesAndValuesFromBothIngesters_deadOneLeftOut() throws Exception {
    MemoryIngester a =
        ingester().add(TENANT, SearchEngineTest.trace(10, "cart", START + 10, 10, false));
    MemoryIngester b =
        ingester().add(TENANT, SearchEngineTest.trace(11, "shop", START + 11, 10, false));
    TagsEngine tags = new TagsEngine(List.of(client(a.address(), b.address(), deadAddress())));

    assertThat(
            tags.tagValuesV2(List.of(TENANT), "resource.service.name", Map.of()).getTagValuesList())
        .extracting(v -> v.getValue())
        .containsExactly("cart", "db", "shop");
    assertThat(tags.tagsV2(List.of(TENANT), Map.of()).getScopesList())
        .filteredOn(s -> s.getName().equals("resource"))
        .singleElement()
        .satisfies(s -> assertThat(s.getTagsList()).contains("service.name"));
    assertThat(
            tags.tagValuesV1(List.of(TENANT), "service.name", Map.of("q", "{ status = error }"))
                .getTagValuesList())
        .as("q filter is sent to the ingesters: no error spans anywhere")
        .isEmpty();
  }

  @Test
  void tenants_multitenantIngester_checksTheTenantAsHttpDoes() throws Exception {
    MemoryIngester a =
        closing(new MemoryIngester(true))
            .add("acme", SearchEngineTest.trace(12, "cart", START + 12, 10, false));
    ManagedChannel channel =
        Grpc.newChannelBuilder(a.address(), InsecureChannelCredentials.create()).build();
    try {
      var stub = IngesterQueryGrpc.newBlockingStub(channel);
      FindTraceByIDRequest byId =
          FindTraceByIDRequest.newBuilder()
              .setTraceId(TraceId.parseHex("c").toByteString())
              .build();
      assertThatThrownBy(() -> stub.findTraceByID(byId))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(e.getStatus().getDescription()).contains("names no tenant");
              });
      assertThatThrownBy(() -> stub.findTraceByID(byId.toBuilder().setTenant("a|b").build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
      assertThat(stub.findTraceByID(byId.toBuilder().setTenant("other").build()).getTrace())
          .as("another tenant's data is not visible")
          .isEqualTo(dev.skein.api.v1.Trace.getDefaultInstance());
      assertThat(
              stub.findTraceByID(byId.toBuilder().setTenant("acme").build())
                  .getTrace()
                  .getResourceSpansCount())
          .isEqualTo(2);
      assertThatThrownBy(
              () ->
                  stub.search(
                      SearchRequest.newBuilder()
                          .setTenant("acme")
                          .setQuery("{ nonsense")
                          .setLimit(20)
                          .setSpansPerSpanSet(3)
                          .build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).contains("invalid TraceQL");
              });
    } finally {
      channel.shutdownNow();
    }
  }

  /** A server whose every call waits for {@code release}. */
  static Server slowServer(CountDownLatch release) throws IOException {
    return Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(
            new IngesterQueryGrpc.IngesterQueryImplBase() {
              @Override
              public void findTraceByID(
                  FindTraceByIDRequest request,
                  StreamObserver<dev.skein.api.v1.TraceByIDResponse> response) {
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                response.onError(Status.CANCELLED.asRuntimeException());
              }
            })
        .build()
        .start();
  }
}
