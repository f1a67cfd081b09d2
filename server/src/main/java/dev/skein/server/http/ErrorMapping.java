package dev.skein.server.http;

import dev.skein.common.CorruptBlockException;
import dev.skein.common.ForbiddenException;
import dev.skein.common.InvalidRequestException;
import dev.skein.common.NotFoundException;
import dev.skein.common.OverCapacityException;
import dev.skein.common.TooLargeException;
import dev.skein.common.UnauthenticatedException;
import io.grpc.Status;
import org.springframework.http.HttpStatus;

/**
 * The one mapping from Skein's exception family to HTTP statuses. Anything not in the family is an
 * internal error.
 */
public final class ErrorMapping {

  private ErrorMapping() {}

  /** The HTTP status for {@code error}. */
  public static HttpStatus httpStatus(Throwable error) {
    return switch (error) {
      case InvalidRequestException e -> HttpStatus.BAD_REQUEST;
      case UnauthenticatedException e -> HttpStatus.UNAUTHORIZED;
      case ForbiddenException e -> HttpStatus.FORBIDDEN;
      case TooLargeException e -> HttpStatus.PAYLOAD_TOO_LARGE;
      case OverCapacityException e ->
          e.rateLimited() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
      case NotFoundException e -> HttpStatus.NOT_FOUND;
      case CorruptBlockException e -> HttpStatus.INTERNAL_SERVER_ERROR;
      default -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  /**
   * The gRPC status for {@code error}, with the error's message as description (or only the type
   * for internal errors, whose messages are logged instead of sent).
   */
  public static Status grpcStatus(Throwable error) {
    Status status =
        switch (error) {
          case InvalidRequestException e -> Status.INVALID_ARGUMENT;
          case UnauthenticatedException e -> Status.UNAUTHENTICATED;
          case ForbiddenException e -> Status.PERMISSION_DENIED;
          case TooLargeException e -> Status.RESOURCE_EXHAUSTED;
          case OverCapacityException e ->
              e.rateLimited() ? Status.RESOURCE_EXHAUSTED : Status.UNAVAILABLE;
          case NotFoundException e -> Status.NOT_FOUND;
          default -> Status.INTERNAL;
        };
    if (status == Status.INTERNAL) {
      return status.withDescription("internal error: " + error.getClass().getSimpleName());
    }
    return status.withDescription(error.getMessage());
  }
}
