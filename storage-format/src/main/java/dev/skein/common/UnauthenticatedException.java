package dev.skein.common;

/**
 * The request does not say who it is for: no tenant (X-Scope-OrgID) while multi-tenancy is on. HTTP
 * 401, gRPC UNAUTHENTICATED.
 */
public class UnauthenticatedException extends SkeinException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that says what was missing. */
  public UnauthenticatedException(String message) {
    super(message);
  }
}
