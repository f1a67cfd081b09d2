package dev.skein.bench.send;

/**
 * How the server answered one export request.
 *
 * @param outcome the class of answer
 * @param rejectedSpans spans the server said it rejected (partial success), else 0
 * @param detail status code and message, for the report when it is not {@link Outcome#ACCEPTED}
 * @param retryAfterNanos how long the server asked the client to wait (HTTP {@code Retry-After},
 *     gRPC {@code RetryInfo}), or 0 when it did not say
 */
public record SendResult(Outcome outcome, long rejectedSpans, String detail, long retryAfterNanos) {

  /** The classes of answer a load generator must count apart. */
  public enum Outcome {
    /** Every span accepted. */
    ACCEPTED,
    /** Success status with {@code partial_success.rejected_spans > 0}. */
    PARTIAL,
    /** Refused in a way OTLP says to retry (UNAVAILABLE, 429, 503, ...). */
    RETRYABLE,
    /** Refused for good (INVALID_ARGUMENT, 400, ...) or the transport failed. */
    FAILED
  }

  public static final SendResult ACCEPTED = new SendResult(Outcome.ACCEPTED, 0, "", 0);

  public static SendResult partial(long rejected, String message) {
    return new SendResult(Outcome.PARTIAL, rejected, message, 0);
  }

  public static SendResult retryable(String detail) {
    return retryable(detail, 0);
  }

  public static SendResult retryable(String detail, long retryAfterNanos) {
    return new SendResult(Outcome.RETRYABLE, 0, detail, retryAfterNanos);
  }

  public static SendResult failed(String detail) {
    return new SendResult(Outcome.FAILED, 0, detail, 0);
  }
}
