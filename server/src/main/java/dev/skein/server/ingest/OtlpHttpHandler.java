package dev.skein.server.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.skein.common.InvalidRequestException;
import dev.skein.common.OverCapacityException;
import dev.skein.common.TooLargeException;
import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.distributor.ExportResult;
import dev.skein.ingester.receiver.OtlpJsonDecoder;
import dev.skein.ingester.receiver.OtlpResponses;
import dev.skein.ingester.receiver.RequestBodies;
import dev.skein.server.http.ErrorMapping;
import dev.skein.server.security.TenantTokens;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * {@code POST /v1/traces} as the OTLP/HTTP specification says: protobuf or JSON bodies, optionally
 * gzip-encoded; the response in the request's encoding; errors as a {@code google.rpc.Status} whose
 * message says what was wrong and where, with {@code Retry-After} when retryable.
 */
final class OtlpHttpHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpHandler.class);

  static final String PATH = "/v1/traces";
  static final String PROTOBUF = "application/x-protobuf";
  static final String JSON = "application/json";

  private final Distributor distributor;
  private final TenantTokens tokens;

  OtlpHttpHandler(Distributor distributor, TenantTokens tokens) {
    this.distributor = distributor;
    this.tokens = tokens;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    boolean json = true;
    try (exchange) {
      try {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
          respondError(
              exchange,
              HttpStatus.NOT_FOUND,
              "no such endpoint; OTLP/HTTP traces go to " + PATH,
              true,
              null);
          return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
          exchange.getResponseHeaders().set("Allow", "POST");
          respondError(
              exchange,
              HttpStatus.METHOD_NOT_ALLOWED,
              "method " + exchange.getRequestMethod() + " is not allowed; use POST",
              true,
              null);
          return;
        }
        String type = mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!PROTOBUF.equals(type) && !JSON.equals(type)) {
          respondError(
              exchange,
              HttpStatus.UNSUPPORTED_MEDIA_TYPE,
              "Content-Type "
                  + (type == null ? "(none)" : type)
                  + " is not supported; use "
                  + PROTOBUF
                  + " or "
                  + JSON,
              true,
              null);
          return;
        }
        json = JSON.equals(type);
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        boolean gzip = encoding != null && encoding.strip().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.strip().equalsIgnoreCase("identity")) {
          respondError(
              exchange,
              HttpStatus.UNSUPPORTED_MEDIA_TYPE,
              "Content-Encoding " + encoding + " is not supported; use gzip or none",
              json,
              null);
          return;
        }
        ExportResult result = export(exchange, json, gzip);
        ExportTraceServiceResponse response =
            OtlpResponses.of(result.rejectedSpans(), result.errorMessage());
        byte[] body =
            json
                ? OtlpResponses.toJson(response).getBytes(StandardCharsets.UTF_8)
                : response.toByteArray();
        respond(exchange, 200, json ? JSON : PROTOBUF, body);
      } catch (RuntimeException e) {
        Throwable error = e instanceof WrappedExecution w ? w.getCause() : e;
        HttpStatus status = ErrorMapping.httpStatus(error);
        String message;
        if (status.is5xxServerError() && !(error instanceof OverCapacityException)) {
          LOG.error("OTLP/HTTP export failed", error);
          message = "internal error: " + error.getClass().getSimpleName();
        } else {
          message = String.valueOf(error.getMessage());
        }
        respondError(
            exchange, status, message, json, error instanceof OverCapacityException o ? o : null);
      }
    }
  }

  private ExportResult export(HttpExchange exchange, boolean json, boolean gzip) {
    // tenant and credentials first: an unauthenticated body is neither read nor decoded
    String tenant = distributor.tenant(exchange.getRequestHeaders().getFirst("X-Scope-OrgID"));
    tokens.check(exchange.getRequestHeaders().getFirst("Authorization"), List.of(tenant));
    long max = distributor.config().maxRequestBytes();
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > max) {
          throw new TooLargeException(
              "request body of "
                  + length.strip()
                  + " bytes is larger than the limit of "
                  + max
                  + " bytes");
        }
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("Content-Length '" + length + "' is not a number");
      }
    }
    byte[] body = RequestBodies.read(exchange.getRequestBody(), max);
    if (gzip) {
      body = RequestBodies.gunzip(body, max);
    }
    try {
      // protobuf: split straight from the bytes (Distributor.exportProtobuf), no object graph
      return (json
              ? distributor.export(tenant, OtlpJsonDecoder.decode(body), body.length)
              : distributor.exportProtobuf(tenant, body))
          .get();
    } catch (ExecutionException e) {
      throw new WrappedExecution(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OverCapacityException(
          "interrupted while waiting for the WAL", false, java.time.Duration.ofSeconds(1));
    }
  }

  private static @Nullable String mediaType(@Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static void respondError(
      HttpExchange exchange,
      HttpStatus status,
      String message,
      boolean json,
      @Nullable OverCapacityException over)
      throws IOException {
    if (over != null) {
      exchange
          .getResponseHeaders()
          .set("Retry-After", Long.toString(Math.max(1, over.retryAfter().toSeconds())));
    }
    int code = grpcCode(status);
    byte[] body;
    if (json) {
      StringBuilder sb = new StringBuilder("{\"code\":").append(code).append(",\"message\":");
      body =
          OtlpResponses.quote(sb, message).append('}').toString().getBytes(StandardCharsets.UTF_8);
    } else {
      body =
          com.google.rpc.Status.newBuilder()
              .setCode(code)
              .setMessage(message)
              .build()
              .toByteArray();
    }
    respond(exchange, status.value(), json ? JSON : PROTOBUF, body);
  }

  private static int grpcCode(HttpStatus status) {
    return switch (status) {
      case BAD_REQUEST -> io.grpc.Status.Code.INVALID_ARGUMENT.value();
      case UNAUTHORIZED -> io.grpc.Status.Code.UNAUTHENTICATED.value();
      case FORBIDDEN -> io.grpc.Status.Code.PERMISSION_DENIED.value();
      case NOT_FOUND, METHOD_NOT_ALLOWED -> io.grpc.Status.Code.UNIMPLEMENTED.value();
      case PAYLOAD_TOO_LARGE, TOO_MANY_REQUESTS -> io.grpc.Status.Code.RESOURCE_EXHAUSTED.value();
      case UNSUPPORTED_MEDIA_TYPE -> io.grpc.Status.Code.INVALID_ARGUMENT.value();
      case SERVICE_UNAVAILABLE -> io.grpc.Status.Code.UNAVAILABLE.value();
      default -> io.grpc.Status.Code.INTERNAL.value();
    };
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Carries the distributor's failure out of {@code Future.get} unchanged. */
  private static final class WrappedExecution extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrappedExecution(Throwable cause) {
      super(cause);
    }
  }
}
