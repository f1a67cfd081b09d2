package dev.skein.bench.send;

import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * OTLP/gRPC sender. It calls {@code TraceService/Export} with request bytes encoded ahead of time
 * (a byte-array marshaller on the stub's method name), so the loader does no protobuf work while it
 * measures. Calls are spread round-robin over the channels, each multiplexing many concurrent
 * HTTP/2 streams; answers are handled on the channels' event loops, so callbacks must not block.
 * Thread-safe.
 */
public final class GrpcSender implements Sender {

  /** Status codes OTLP says a client may retry. */
  private static final Set<Status.Code> RETRYABLE =
      EnumSet.of(
          Status.Code.CANCELLED,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED,
          Status.Code.OUT_OF_RANGE,
          Status.Code.UNAVAILABLE,
          Status.Code.DATA_LOSS);

  private static final MethodDescriptor<byte[], ExportTraceServiceResponse> EXPORT =
      MethodDescriptor.<byte[], ExportTraceServiceResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
          .setRequestMarshaller(new BytesMarshaller())
          .setResponseMarshaller(
              ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
          .build();

  private final List<Channel> channels;
  private final List<ManagedChannel> owned;
  private final Duration timeout;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * A sender over existing channels, which the caller closes.
   *
   * @param tenant sent as {@code X-Scope-OrgID} when not null
   */
  public GrpcSender(List<? extends Channel> channels, @Nullable String tenant, Duration timeout) {
    this(channels, List.of(), tenant, timeout);
  }

  private GrpcSender(
      List<? extends Channel> channels,
      List<ManagedChannel> owned,
      @Nullable String tenant,
      Duration timeout) {
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("channels must not be empty");
    }
    List<Channel> wrapped = new ArrayList<>();
    for (Channel c : channels) {
      if (tenant != null) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER), tenant);
        c = ClientInterceptors.intercept(c, MetadataUtils.newAttachHeadersInterceptor(headers));
      }
      wrapped.add(c);
    }
    this.channels = List.copyOf(wrapped);
    this.owned = List.copyOf(owned);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Opens {@code connections} plaintext channels to {@code target} ("host:port").
   *
   * @param tenant sent as {@code X-Scope-OrgID} when not null
   */
  public static GrpcSender connect(
      String target, int connections, @Nullable String tenant, Duration timeout) {
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      channels.add(
          Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
              .maxInboundMessageSize(16 << 20)
              // the load driver retries itself; gRPC's retry layer would keep a copy of every
              // request for replay
              .disableRetry()
              // answers are handled on the event loop (the callbacks only record and release a
              // permit): no hop to another thread per answer
              .directExecutor()
              .build());
    }
    return new GrpcSender(channels, channels, tenant, timeout);
  }

  @Override
  public CompletableFuture<SendResult> send(byte[] body) {
    CompletableFuture<SendResult> result = new CompletableFuture<>();
    Channel channel = channels.get(Math.floorMod(next.getAndIncrement(), channels.size()));
    try {
      ClientCalls.asyncUnaryCall(
          channel.newCall(
              EXPORT,
              CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)),
          body,
          new StreamObserver<>() {
            @Override
            public void onNext(ExportTraceServiceResponse response) {
              long rejected = response.getPartialSuccess().getRejectedSpans();
              result.complete(
                  rejected > 0
                      ? SendResult.partial(rejected, response.getPartialSuccess().getErrorMessage())
                      : SendResult.ACCEPTED);
            }

            @Override
            public void onError(Throwable t) {
              result.complete(classify(t));
            }

            @Override
            public void onCompleted() {
              result.complete(SendResult.ACCEPTED); // no-op when onNext already completed it
            }
          });
    } catch (RuntimeException e) {
      result.complete(classify(e));
    }
    return result;
  }

  static SendResult classify(Throwable t) {
    Status status =
        t instanceof StatusRuntimeException sre ? sre.getStatus() : Status.fromThrowable(t);
    String detail =
        status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    return RETRYABLE.contains(status.getCode())
        ? SendResult.retryable(detail, retryDelayNanos(t))
        : SendResult.failed(detail);
  }

  /** The delay of a {@code google.rpc.RetryInfo} in the status details, or 0. */
  private static long retryDelayNanos(Throwable t) {
    com.google.rpc.Status details = StatusProto.fromThrowable(t);
    if (details == null) {
      return 0;
    }
    for (com.google.protobuf.Any any : details.getDetailsList()) {
      if (any.is(RetryInfo.class)) {
        try {
          com.google.protobuf.Duration d = any.unpack(RetryInfo.class).getRetryDelay();
          return d.getSeconds() * 1_000_000_000L + d.getNanos();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  @Override
  public void close() {
    for (ManagedChannel c : owned) {
      c.shutdown();
    }
    for (ManagedChannel c : owned) {
      try {
        if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
          c.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.shutdownNow();
      }
    }
  }

  @Override
  public String toString() {
    return "GrpcSender{channels=" + channels.size() + ", timeout=" + timeout + "}";
  }

  /** Passes pre-encoded protobuf through untouched. */
  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("read gRPC message", e);
      }
    }
  }
}
