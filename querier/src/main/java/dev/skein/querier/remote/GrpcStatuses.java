package dev.skein.querier.remote;

import dev.skein.common.InvalidRequestException;
import dev.skein.common.NotFoundException;
import dev.skein.common.OverCapacityException;
import dev.skein.common.UnauthenticatedException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Maps Skein's exceptions to gRPC statuses with their message, as the HTTP API maps them. */
final class GrpcStatuses {

  private GrpcStatuses() {}

  static StatusRuntimeException of(Throwable e) {
    Status status =
        switch (e) {
          case InvalidRequestException x -> Status.INVALID_ARGUMENT;
          case IllegalArgumentException x -> Status.INVALID_ARGUMENT;
          case UnauthenticatedException x -> Status.UNAUTHENTICATED;
          case NotFoundException x -> Status.NOT_FOUND;
          case OverCapacityException x -> Status.RESOURCE_EXHAUSTED;
          default -> Status.INTERNAL;
        };
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return status.withDescription(message).withCause(e).asRuntimeException();
  }
}
