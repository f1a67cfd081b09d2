package dev.skein.server.http;

import dev.skein.common.CorruptBlockException;
import dev.skein.common.InvalidRequestException;
import dev.skein.common.NotFoundException;
import dev.skein.common.OverCapacityException;
import dev.skein.common.TooLargeException;
import dev.skein.common.UnauthenticatedException;
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
      case TooLargeException e -> HttpStatus.PAYLOAD_TOO_LARGE;
      case OverCapacityException e ->
          e.rateLimited() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
      case NotFoundException e -> HttpStatus.NOT_FOUND;
      case UnauthenticatedException e -> HttpStatus.UNAUTHORIZED;
      case CorruptBlockException e -> HttpStatus.INTERNAL_SERVER_ERROR;
      default -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }
}
