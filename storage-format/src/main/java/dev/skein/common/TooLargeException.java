package dev.skein.common;

/** A request or result is over a configured size limit: HTTP 413, gRPC RESOURCE_EXHAUSTED. */
public class TooLargeException extends SkeinException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the limit and the actual size. */
  public TooLargeException(String message) {
    super(message);
  }
}
