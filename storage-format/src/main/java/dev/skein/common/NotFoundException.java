package dev.skein.common;

/** The addressed resource (trace, block, tenant) does not exist: HTTP 404, gRPC NOT_FOUND. */
public class NotFoundException extends SkeinException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming what was not found. */
  public NotFoundException(String message) {
    super(message);
  }
}
