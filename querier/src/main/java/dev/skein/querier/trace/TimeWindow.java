package dev.skein.querier.trace;

/**
 * An optional time window in unix seconds; 0 on either side means unbounded on that side.
 *
 * @param startSeconds first second of the window, or 0
 * @param endSeconds last second of the window, or 0
 */
public record TimeWindow(long startSeconds, long endSeconds) {

  /** The window that holds everything. */
  public static final TimeWindow UNBOUNDED = new TimeWindow(0, 0);

  /** Validates the bounds. */
  public TimeWindow {
    if (startSeconds < 0 || endSeconds < 0) {
      throw new IllegalArgumentException(
          "window bounds must be >= 0, were " + startSeconds + ", " + endSeconds);
    }
  }

  /** Whether anything between {@code fromNanos} and {@code toNanos} (unix ns) falls inside. */
  public boolean overlaps(long fromNanos, long toNanos) {
    long from = fromNanos / 1_000_000_000L;
    long to = (toNanos + 999_999_999L) / 1_000_000_000L;
    return (startSeconds == 0 || to >= startSeconds) && (endSeconds == 0 || from <= endSeconds);
  }
}
