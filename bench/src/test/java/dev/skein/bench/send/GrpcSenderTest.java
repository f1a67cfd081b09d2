package dev.skein.bench.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.bench.workload.Workload;
import dev.skein.bench.workload.WorkloadConfig;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcSenderTest {

  private Server server;
  private ManagedChannel channel;
  private final AtomicInteger calls = new AtomicInteger();
  private final Set<Long> okSpanIds = ConcurrentHashMap.newKeySet();
  private final Set<String> tenants = ConcurrentHashMap.newKeySet();

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void run_someCallsUnavailableOrPartial_countsEachAndAcksOnlyFullSuccesses() throws Exception {
    // call n: every 3rd UNAVAILABLE, else every 5th a partial success rejecting 7 spans
    start((n, request) -> n % 3 == 2 ? Reply.UNAVAILABLE : n % 5 == 4 ? Reply.PARTIAL : Reply.OK);
    List<Payload> payloads = payloads();
    AckLedger ledger = new AckLedger(300);

    LoadResult r = driver(ledger, 0).run(payloads);

    int n = payloads.size();
    long unavailable = 0;
    long partial = 0;
    for (int i = 0; i < n; i++) {
      if (i % 3 == 2) unavailable++;
      else if (i % 5 == 4) partial++;
    }
    assertThat(calls.get()).isEqualTo(n);
    assertThat(r.requestsSent()).isEqualTo(n);
    assertThat(r.retryableRefusals()).isEqualTo(unavailable);
    assertThat(r.requestsFailed()).isEqualTo(unavailable);
    assertThat(r.requestsPartial()).isEqualTo(partial);
    assertThat(r.rejectedSpans()).isEqualTo(7 * partial);
    assertThat(r.requestsAccepted()).isEqualTo(n - unavailable - partial);
    assertThat(r.ackLatency().count()).isEqualTo((int) r.requestsAccepted());
    assertThat(ackedIds(ledger)).isEqualTo(okSpanIds);
    assertThat(r.spansAcked()).isEqualTo(okSpanIds.size());
    assertThat(r.errors()).containsKey("UNAVAILABLE: try later");
    assertThat(tenants).containsExactly("tenant-a");
  }

  @Test
  void run_unavailableThenRetried_everySpanAcknowledgedOnce() throws Exception {
    // the first attempt of every request is refused, the retry accepted
    Set<ByteString> seen = ConcurrentHashMap.newKeySet();
    start(
        (n, request) ->
            seen.add(request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getSpanId())
                ? Reply.UNAVAILABLE
                : Reply.OK);
    List<Payload> payloads = payloads();
    AckLedger ledger = new AckLedger(300);

    LoadResult r = driver(ledger, 5).run(payloads);

    long spans = payloads.stream().mapToLong(Payload::spanCount).sum();
    assertThat(r.requestsAccepted()).isEqualTo(payloads.size());
    assertThat(r.requestsFailed()).isZero();
    assertThat(r.retryableRefusals()).isEqualTo(payloads.size());
    assertThat(calls.get()).isEqualTo(2 * payloads.size());
    assertThat(r.spansAcked()).isEqualTo(spans);
    assertThat(ledger.completeTraces()).isEqualTo(300);
    assertThat(ledger.snapshot()).allSatisfy(t -> assertThat(t.complete()).isTrue());
    assertThat(ledger.latestComplete()).isNotNull();
  }

  @Test
  void classify_invalidArgument_isFinal() {
    assertThat(GrpcSender.classify(Status.INVALID_ARGUMENT.asRuntimeException()).outcome())
        .isEqualTo(SendResult.Outcome.FAILED);
    assertThat(GrpcSender.classify(Status.RESOURCE_EXHAUSTED.asRuntimeException()).outcome())
        .isEqualTo(SendResult.Outcome.RETRYABLE);
  }

  @Test
  void classify_retryInfo_givesTheServersDelay() {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.UNAVAILABLE.value())
            .setMessage("busy")
            .addDetails(
                com.google.protobuf.Any.pack(
                    com.google.rpc.RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(2))
                        .build()))
            .build();
    SendResult r =
        GrpcSender.classify(io.grpc.protobuf.StatusProto.toStatusRuntimeException(status));
    assertThat(r.outcome()).isEqualTo(SendResult.Outcome.RETRYABLE);
    assertThat(r.retryAfterNanos()).isEqualTo(2_000_000_000L);
    assertThat(GrpcSender.classify(Status.UNAVAILABLE.asRuntimeException()).retryAfterNanos())
        .isZero();
  }

  private enum Reply {
    OK,
    PARTIAL,
    UNAVAILABLE
  }

  private LoadDriver driver(AckLedger ledger, int retries) {
    Sender sender = new GrpcSender(List.of(channel), "tenant-a", Duration.ofSeconds(10));
    return new LoadDriver(
        sender, ledger, 8, 0, retries, Duration.ofMinutes(1), Duration.ofMillis(1));
  }

  private static List<Payload> payloads() {
    List<Payload> out = new ArrayList<>();
    Workload w = new Workload(WorkloadConfig.defaults().withTraces(300).withSpansPerBatch(200));
    while (w.hasNext()) {
      out.add(Payload.of(w.next(), Protocol.GRPC));
    }
    return out;
  }

  private static Set<Long> ackedIds(AckLedger ledger) {
    Set<Long> ids = new HashSet<>();
    for (AckLedger.AckedTrace t : ledger.snapshot()) {
      for (long id : t.ackedSpanIds()) {
        assertThat(ids.add(id)).as("span acknowledged twice").isTrue();
      }
    }
    return ids;
  }

  private void start(BiFunction<Integer, ExportTraceServiceRequest, Reply> behaviour)
      throws Exception {
    String name = InProcessServerBuilder.generateName();
    TraceServiceGrpc.TraceServiceImplBase service =
        new TraceServiceGrpc.TraceServiceImplBase() {
          @Override
          public void export(
              ExportTraceServiceRequest request,
              StreamObserver<ExportTraceServiceResponse> response) {
            switch (behaviour.apply(calls.getAndIncrement(), request)) {
              case UNAVAILABLE ->
                  response.onError(
                      Status.UNAVAILABLE.withDescription("try later").asRuntimeException());
              case PARTIAL -> {
                response.onNext(
                    ExportTraceServiceResponse.newBuilder()
                        .setPartialSuccess(
                            ExportTracePartialSuccess.newBuilder()
                                .setRejectedSpans(7)
                                .setErrorMessage("too old"))
                        .build());
                response.onCompleted();
              }
              case OK -> {
                for (ResourceSpans rs : request.getResourceSpansList()) {
                  for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span s : ss.getSpansList()) {
                      okSpanIds.add(s.getSpanId().asReadOnlyByteBuffer().getLong());
                    }
                  }
                }
                response.onNext(ExportTraceServiceResponse.getDefaultInstance());
                response.onCompleted();
              }
            }
          }
        };
    ServerInterceptor tenantCapture =
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            String t =
                headers.get(Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER));
            if (t != null) {
              tenants.add(t);
            }
            return next.startCall(call, headers);
          }
        };
    server =
        InProcessServerBuilder.forName(name)
            .addService(ServerInterceptors.intercept(service, tenantCapture))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }
}
