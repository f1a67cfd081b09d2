package dev.skein.querier.remote;

import dev.skein.common.SkeinException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;

/** A remote ingester could not answer; the message names the ingester and why. */
public final class IngesterCallException extends SkeinException {

  private static final long serialVersionUID = 1L;

  IngesterCallException(String message) {
    super(message);
  }

  IngesterCallException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Describes a failed call to {@code endpoint}, e.g. "... is unreachable (Connection refused)".
   */
  static IngesterCallException of(
      IngesterEndpoint endpoint, StatusRuntimeException e, Duration timeout) {
    Status status = e.getStatus();
    String why =
        switch (status.getCode()) {
          case DEADLINE_EXCEEDED ->
              "did not answer within " + timeout + " (skein.querier.ingester-timeout)";
          case UNAVAILABLE -> "is unreachable (" + detail(status) + ")";
          default -> "failed with " + status.getCode() + " (" + detail(status) + ")";
        };
    return new IngesterCallException(endpoint.describe() + " " + why, e);
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
