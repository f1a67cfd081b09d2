package dev.skein.common;

/**
 * The request's credentials are valid but not for the tenant it names: HTTP 403, gRPC
 * PERMISSION_DENIED.
 */
public class ForbiddenException extends SkeinException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the tenant (never the credentials). */
  public ForbiddenException(String message) {
    super(message);
  }
}
