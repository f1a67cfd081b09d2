package dev.skein.server.ingest;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import dev.skein.common.OverCapacityException;
import dev.skein.common.SkeinException;
import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.receiver.OtlpResponses;
import dev.skein.server.http.ErrorMapping;
import dev.skein.server.security.TenantTokens;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP {@code TraceService/Export} over gRPC: tenant from the {@code x-scope-orgid} metadata,
 * acknowledged once the distributor's future completes (spans fsynced). Errors carry the status
 * from {@link ErrorMapping#grpcStatus} and, when retryable, a {@code google.rpc.RetryInfo}.
 *
 * <p>The request is received as bytes (a byte-array marshaller on the standard method name) and
 * handed to {@link Distributor#exportProtobuf}, which splits it by trace id without building the
 * request's object graph; a malformed request gets INVALID_ARGUMENT with the parser's message.
 */
final class OtlpTraceService {

  /** {@code TraceService/Export} with the request left serialized. */
  static final MethodDescriptor<byte[], ExportTraceServiceResponse> EXPORT =
      TraceServiceGrpc.getExportMethod().toBuilder(
              new RawBytes(),
              ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
          .build();

  private static final Logger LOG = LoggerFactory.getLogger(OtlpTraceService.class);

  static final Metadata.Key<String> ORG_ID =
      Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final Context.Key<String> TENANT_HEADER = Context.key("skein-tenant-header");

  private final Distributor distributor;
  private final Executor responses;

  OtlpTraceService(Distributor distributor, Executor responses) {
    this.distributor = distributor;
    this.responses = responses;
  }

  /**
   * Copies X-Scope-OrgID from the call's metadata into the gRPC context; when bearer-token auth is
   * on, first checks the {@code authorization} metadata for the tenant and closes the call with
   * UNAUTHENTICATED / PERMISSION_DENIED (or INVALID_ARGUMENT for a bad tenant id) before the
   * request body is read.
   */
  static ServerInterceptor tenantInterceptor(Distributor distributor, TenantTokens tokens) {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (tokens.enabled()) {
          try {
            tokens.check(
                headers.get(AUTHORIZATION), List.of(distributor.tenant(headers.get(ORG_ID))));
          } catch (SkeinException e) {
            StatusRuntimeException status = toStatus(e);
            Metadata trailers = status.getTrailers();
            call.close(status.getStatus(), trailers == null ? new Metadata() : trailers);
            return new ServerCall.Listener<>() {};
          }
        }
        Context ctx = Context.current().withValue(TENANT_HEADER, headers.get(ORG_ID));
        return Contexts.interceptCall(ctx, call, headers, next);
      }
    };
  }

  /** The service to register with a gRPC server. */
  ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
        .addMethod(EXPORT, ServerCalls.asyncUnaryCall(this::export))
        .build();
  }

  void export(byte[] request, StreamObserver<ExportTraceServiceResponse> observer) {
    try {
      String tenant = distributor.tenant(TENANT_HEADER.get());
      distributor
          .exportProtobuf(tenant, request)
          .whenCompleteAsync(
              (result, error) -> {
                if (error != null) {
                  observer.onError(toStatus(error));
                } else {
                  observer.onNext(OtlpResponses.of(result.rejectedSpans(), result.errorMessage()));
                  observer.onCompleted();
                }
              },
              responses);
    } catch (RuntimeException e) {
      observer.onError(toStatus(e));
    }
  }

  static StatusRuntimeException toStatus(Throwable error) {
    while (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    Status status = ErrorMapping.grpcStatus(error);
    if (status.getCode() == Status.Code.INTERNAL) {
      LOG.error("OTLP/gRPC export failed", error);
    }
    com.google.rpc.Status.Builder rpc =
        com.google.rpc.Status.newBuilder()
            .setCode(status.getCode().value())
            .setMessage(String.valueOf(status.getDescription()));
    if (error instanceof OverCapacityException over) {
      java.time.Duration after = over.retryAfter();
      rpc.addDetails(
          Any.pack(
              RetryInfo.newBuilder()
                  .setRetryDelay(
                      com.google.protobuf.Duration.newBuilder()
                          .setSeconds(after.getSeconds())
                          .setNanos(after.getNano()))
                  .build()));
    }
    return StatusProto.toStatusRuntimeException(rpc.build());
  }

  /** Leaves the request body serialized: the distributor reads the protobuf bytes itself. */
  private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        if (stream instanceof KnownLength) {
          // grpc-java's message streams know their size: one exact array, no growing copies
          byte[] body = stream.readNBytes(stream.available());
          if (stream.read() == -1) {
            return body;
          }
          throw new IOException("message longer than the " + body.length + " bytes announced");
        }
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("cannot read the request message: " + e.getMessage())
            .withCause(e)
            .asRuntimeException();
      }
    }
  }
}
