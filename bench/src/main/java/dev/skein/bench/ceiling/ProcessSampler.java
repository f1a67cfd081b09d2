package dev.skein.bench.ceiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a process's CPU time and memory from {@code /proc/<pid>/stat} and {@code
 * /proc/<pid>/status} (Linux) on a background thread. CPU ticks are converted with {@code CLK_TCK}
 * = 100, the value on every mainstream Linux build. Thread-safe.
 */
public final class ProcessSampler implements AutoCloseable {

  /** Clock ticks per second of {@code utime}/{@code stime}. */
  static final long CLK_TCK = 100;

  /**
   * One reading.
   *
   * @param cpuNanos user + system CPU time since the process started
   * @param rssBytes resident set size now
   * @param peakRssBytes the kernel's high-water mark of the resident set (VmHWM)
   */
  public record Reading(long cpuNanos, long rssBytes, long peakRssBytes) {}

  /**
   * Usage over a phase.
   *
   * @param cpuSeconds CPU seconds the process used in the phase
   * @param averageCores cpuSeconds / wall seconds
   * @param maxRssBytes largest resident set sampled in the phase
   * @param peakRssBytes the kernel's high-water mark at the end
   */
  public record Usage(
      double cpuSeconds, double averageCores, long maxRssBytes, long peakRssBytes) {}

  private final long pid;
  private final AtomicLong maxRss = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private Reading first = new Reading(0, 0, 0);
  private long firstNanos;

  private ProcessSampler(long pid, Duration interval) {
    this.pid = pid;
    this.thread =
        Thread.ofPlatform()
            .daemon()
            .name("proc-sampler-" + pid)
            .unstarted(
                () -> {
                  while (running) {
                    try {
                      maxRss.accumulateAndGet(read(pid).rssBytes(), Math::max);
                      Thread.sleep(interval);
                    } catch (InterruptedException e) {
                      return;
                    } catch (UncheckedIOException e) {
                      return; // the process ended; the last reading stands
                    }
                  }
                });
  }

  /**
   * Starts sampling {@code pid} every {@code interval}.
   *
   * @throws IllegalArgumentException when there is no such process
   */
  public static ProcessSampler start(long pid, Duration interval) {
    ProcessSampler s = new ProcessSampler(pid, interval);
    s.first = read(pid);
    s.firstNanos = System.nanoTime();
    s.maxRss.set(s.first.rssBytes());
    s.thread.start();
    return s;
  }

  /** Usage since {@link #start}, or since the last {@link #phase} call. */
  public Usage phase() {
    Reading now = read(pid);
    long nowNanos = System.nanoTime();
    maxRss.accumulateAndGet(now.rssBytes(), Math::max);
    double cpu = (now.cpuNanos() - first.cpuNanos()) / 1e9;
    double wall = (nowNanos - firstNanos) / 1e9;
    Usage u = new Usage(cpu, wall > 0 ? cpu / wall : 0, maxRss.get(), now.peakRssBytes());
    first = now;
    firstNanos = nowNanos;
    maxRss.set(now.rssBytes());
    return u;
  }

  /**
   * Reads {@code /proc/<pid>}.
   *
   * @throws IllegalArgumentException when the process does not exist
   */
  public static Reading read(long pid) {
    Path dir = Path.of("/proc", Long.toString(pid));
    String stat;
    String status;
    try {
      stat = Files.readString(dir.resolve("stat"));
      status = Files.readString(dir.resolve("status"));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("no process with pid " + pid + " (" + dir + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("read " + dir, e);
    }
    return parse(stat, status);
  }

  /** Parses the two files' contents. */
  static Reading parse(String stat, String status) {
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14, 15
    return new Reading(
        ticks * (1_000_000_000L / CLK_TCK),
        kib(status, "VmRSS:") * 1024,
        kib(status, "VmHWM:") * 1024);
  }

  private static long kib(String status, String key) {
    for (String line : status.split("\n")) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
      }
    }
    return 0;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }

  @Override
  public String toString() {
    return "ProcessSampler{pid=" + pid + "}";
  }
}
