package dev.skein.common;

/** The request carries no (or no valid) tenant or credentials: HTTP 401, gRPC UNAUTHENTICATED. */
public class UnauthenticatedException extends SkeinException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what is missing. */
  public UnauthenticatedException(String message) {
    super(message);
  }
}
