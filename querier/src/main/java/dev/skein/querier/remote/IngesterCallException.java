package dev.skein.querier.remote;

import dev.skein.common.SkeinException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;

/** A remote ingester could not answer; the message says why. */
public final class IngesterCallException extends SkeinException {

  private static final long serialVersionUID = 1L;

  IngesterCallException(String message) {
    super(message);
  }

  IngesterCallException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A failed call; the message is the reason only, e.g. "unreachable (Connection refused)", since
   * callers such as the trace-by-id query name the source themselves.
   */
  static IngesterCallException of(StatusRuntimeException e, Duration timeout) {
    Status status = e.getStatus();
    String why =
        switch (status.getCode()) {
          case DEADLINE_EXCEEDED ->
              "no answer within " + timeout + " (skein.querier.ingester-timeout)";
          case UNAVAILABLE -> "unreachable (" + detail(status) + ")";
          default -> "failed with " + status.getCode() + " (" + detail(status) + ")";
        };
    return new IngesterCallException(why, e);
  }

  /** The ingester and the reason, e.g. "ingester 10.0.0.7:9095: unreachable (...)". */
  static String describe(IngesterEndpoint endpoint, StatusRuntimeException e, Duration timeout) {
    return endpoint.describe() + ": " + of(e, timeout).getMessage();
  }

  private static String detail(Status status) {
    String description = status.getDescription() == null ? "" : status.getDescription();
    Throwable cause = status.getCause();
    while (cause != null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause != null && cause.getMessage() != null) {
      return description.isEmpty() ? cause.getMessage() : description + ": " + cause.getMessage();
    }
    return description.isEmpty() ? status.getCode().toString() : description;
  }
}
