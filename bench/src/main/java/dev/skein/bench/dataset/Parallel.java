package dev.skein.bench.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs numbered tasks on a fixed number of threads; the first failure fails the whole run. */
public final class Parallel {

  /** One numbered task. */
  @FunctionalInterface
  public interface Task {
    void run(int item) throws Exception;
  }

  private Parallel() {}

  /**
   * Runs {@code task} for every item on {@code threads} threads and waits for all of them.
   *
   * @param what what the tasks do, for the error message
   * @throws IllegalStateException naming {@code what} when a task failed or the wait was
   *     interrupted
   */
  public static void forEach(int threads, List<Integer> items, Task task, String what) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int item : items) {
        futures.add(
            pool.submit(
                () -> {
                  task.run(item);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
