package dev.skein.common;

/**
 * The root of Skein's own unchecked exceptions. The server maps each subclass to one HTTP and one
 * gRPC status in one place; anything else becomes a 500.
 */
public class SkeinException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names what was wrong and where. */
  public SkeinException(String message) {
    super(message);
  }

  /** Creates an exception that keeps its cause. */
  public SkeinException(String message, Throwable cause) {
    super(message, cause);
  }
}
