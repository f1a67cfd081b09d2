package dev.skein.bench.report;

import java.util.Arrays;

/**
 * Records latencies in nanoseconds, every sample kept, and summarises them with nearest-rank
 * percentiles. A run records at most a few million samples, so a sorted array is exact and small
 * enough. Thread-safe.
 */
public final class LatencyRecorder {
  private long[] samples = new long[1024];
  private int size;

  /** Records one latency; negative values are clamped to 0. */
  public synchronized void record(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = Math.max(0, nanos);
  }

  public synchronized int count() {
    return size;
  }

  /** The distribution so far. */
  public synchronized Summary summary() {
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    return Summary.of(sorted);
  }

  /**
   * Percentiles of a distribution, in milliseconds; all zero when there are no samples.
   *
   * @param count number of samples
   */
  public record Summary(int count, double p50, double p90, double p99, double max, double mean) {

    /** Summarises already sorted nanosecond samples. */
    public static Summary of(long[] sorted) {
      if (sorted.length == 0) {
        return new Summary(0, 0, 0, 0, 0, 0);
      }
      double sum = 0;
      for (long v : sorted) {
        sum += v;
      }
      return new Summary(
          sorted.length,
          ms(percentile(sorted, 50)),
          ms(percentile(sorted, 90)),
          ms(percentile(sorted, 99)),
          ms(sorted[sorted.length - 1]),
          sum / sorted.length / 1e6);
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code p} percent of the
     * samples at or below it.
     *
     * @throws IllegalArgumentException when {@code sorted} is empty or {@code p} is not in (0, 100]
     */
    public static long percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        throw new IllegalArgumentException("no samples");
      }
      if (!(p > 0 && p <= 100)) {
        throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
      }
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, rank - 1)];
    }

    private static double ms(long nanos) {
      return nanos / 1e6;
    }
  }
}
