package dev.skein.common;

/** The request is malformed or names something invalid: HTTP 400, gRPC INVALID_ARGUMENT. */
public class InvalidRequestException extends SkeinException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that says what was wrong and where. */
  public InvalidRequestException(String message) {
    super(message);
  }

  /** Creates the exception and keeps the parser's cause. */
  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
