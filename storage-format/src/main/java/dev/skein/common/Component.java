package dev.skein.common;

/**
 * A long-lived part of Skein (an ingester, a flush pool, a compactor loop) that the server starts
 * once, checks for health and closes on shutdown.
 *
 * <p>Constructors do no I/O: everything that touches disks, sockets or object storage happens in
 * {@link #start()}. Implementations must be thread-safe for {@link #check()}, which the readiness
 * endpoint calls from request threads at any time, including before {@code start} and after {@code
 * close}.
 */
public interface Component extends AutoCloseable {

  /**
   * Starts the component: opens files, replays logs, spawns threads. Called once.
   *
   * @throws RuntimeException when the component cannot start; the server then fails startup
   */
  void start();

  /**
   * Reports whether the component can serve now. Never throws and never blocks for long.
   *
   * @return {@link CheckResult#OK} or a failed result that says why
   */
  CheckResult check();

  /**
   * Stops the component, flushing what it must; idempotent and never throws a checked exception.
   */
  @Override
  void close();
}
