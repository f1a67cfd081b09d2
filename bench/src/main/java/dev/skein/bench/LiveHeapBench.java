package dev.skein.bench;

import dev.skein.ingester.distributor.Distributor;
import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.live.Ingester;
import dev.skein.ingester.live.IngesterConfig;
import dev.skein.ingester.wal.WalConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Heap held per live span: pushes {@code spans} spans (traces of 10, the {@link IngestBench} shape)
 * that stay live, then compares the heap after a full GC with the heap before.
 *
 * <p>Usage: {@code LiveHeapBench [spans=200000]}.
 */
public final class LiveHeapBench {

  private LiveHeapBench() {}

  public static void main(String[] args) throws Exception {
    int spans = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Path dir = Files.createTempDirectory("skein-heap");
    IngesterConfig config =
        new IngesterConfig(
            WalConfig.defaults(dir.resolve("wal")),
            Duration.ofHours(1),
            Duration.ofHours(1),
            Duration.ofHours(1),
            IngesterConfig.DEFAULT_MAX_BLOCK_BYTES,
            IngesterConfig.DEFAULT_MAX_BLOCK_DURATION,
            IngesterConfig.DEFAULT_MAX_BYTES_PER_TRACE,
            Long.MAX_VALUE / 4,
            Long.MAX_VALUE / 4,
            false);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Ingester ingester = new Ingester(config, meters, System::nanoTime, null);
    ingester.start();
    Distributor distributor =
        new Distributor(DistributorConfig.defaults(), ingester, meters, System::nanoTime);
    // warm up the code paths and the tenant before measuring
    distributor.export("warmup", IngestBench.request(100), 1000).get();
    long before = usedAfterGc();
    for (int i = 0; i < spans / 100; i++) {
      ExportTraceServiceRequest r = IngestBench.request(100);
      distributor.export("heap", r, r.getSerializedSize()).get();
    }
    long after = usedAfterGc();
    double charged = meters.get("skein.ingester.live.bytes").tag("tenant", "heap").gauge().value();
    System.out.printf(
        "%d live spans: %.0f bytes of heap per span (GC-measured), %.0f bytes per span charged to"
            + " the live-trace budget%n",
        spans, (after - before) / (double) spans, charged / spans);
    ingester.close();
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
