package dev.skein.bench.jmh;

import dev.skein.ingester.wal.Wal;
import dev.skein.ingester.wal.WalConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable WAL appends: each operation appends one record and waits until it is fsynced, from 16
 * threads at once, so the score shows what group commit makes of one fsync per batch. Records are
 * the size of a typical per-trace batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(16)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class WalAppendBenchmark {

  @Param({"4096"})
  public int recordBytes;

  private Path dir = Path.of(".");
  private Wal wal;
  private byte[] record = new byte[0];

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("skein-wal-bench");
    wal =
        Wal.open(
            "bench", WalConfig.defaults(dir), new SimpleMeterRegistry(), (location, payload) -> {});
    record = new byte[recordBytes];
    new java.util.Random(1).nextBytes(record);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    wal.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One durable append: returns once the record is on disk. */
  @Benchmark
  public long[] appendDurable() {
    return wal.append(List.of(record)).join();
  }
}
