package dev.skein.bench.cli;

/** A bad command line; the message says which flag and what was expected. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
