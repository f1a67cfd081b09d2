package dev.skein.bench.send;

/**
 * How the server answered one export request.
 *
 * @param outcome the class of answer
 * @param rejectedSpans spans the server said it rejected (partial success), else 0
 * @param detail status code and message, for the report when it is not {@link Outcome#ACCEPTED}
 */
public record SendResult(Outcome outcome, long rejectedSpans, String detail) {

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

  public static final SendResult ACCEPTED = new SendResult(Outcome.ACCEPTED, 0, "");

  public static SendResult partial(long rejected, String message) {
    return new SendResult(Outcome.PARTIAL, rejected, message);
  }

  public static SendResult retryable(String detail) {
    return new SendResult(Outcome.RETRYABLE, 0, detail);
  }

  public static SendResult failed(String detail) {
    return new SendResult(Outcome.FAILED, 0, detail);
  }
}
