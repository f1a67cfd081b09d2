package dev.skein.common;

import java.time.Duration;
import java.util.Objects;

/**
 * Skein is over a limit or cannot write right now; the client should retry later. HTTP 429 (rate
 * limited) or 503 (unavailable) with {@code Retry-After}, gRPC RESOURCE_EXHAUSTED or UNAVAILABLE.
 */
public class OverCapacityException extends SkeinException {

  private static final long serialVersionUID = 1L;

  private final boolean rateLimited;
  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message what limit was hit, for whom
   * @param rateLimited true for a per-tenant rate limit (429), false for a server-side shortage
   *     (503)
   * @param retryAfter how long the client should wait before retrying
   */
  public OverCapacityException(String message, boolean rateLimited, Duration retryAfter) {
    super(message);
    this.rateLimited = rateLimited;
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** Whether a per-tenant rate limit (rather than a shortage of the server) refused the request. */
  public boolean rateLimited() {
    return rateLimited;
  }

  /** How long the client should wait before retrying. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
