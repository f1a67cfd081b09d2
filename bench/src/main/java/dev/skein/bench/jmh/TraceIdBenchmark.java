package dev.skein.bench.jmh;

import com.google.protobuf.ByteString;
import dev.skein.trace.TraceId;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Reading a {@link TraceId} from the OTLP field, which the ingest path does for every span. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TraceIdBenchmark {
  private ByteString[] ids = new ByteString[0];
  private int next;

  @Setup
  public void setup() {
    SplittableRandom rng = new SplittableRandom(42);
    ids = new ByteString[1024];
    for (int i = 0; i < ids.length; i++) {
      byte[] b = new byte[16];
      rng.nextBytes(b);
      ids[i] = ByteString.copyFrom(b);
    }
  }

  @Benchmark
  public TraceId fromByteString() {
    ByteString id = ids[next];
    next = (next + 1) & (ids.length - 1);
    return TraceId.fromByteString(id);
  }

  @Benchmark
  public String toHex() {
    ByteString id = ids[next];
    next = (next + 1) & (ids.length - 1);
    return TraceId.fromByteString(id).toHex();
  }
}
