package dev.skein.bench.compaction;

import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.TraceIterator;
import dev.skein.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.nio.file.Path;

/**
 * The OTLP protobuf size per span of the compaction inputs, from a sample: the first traces of the
 * first input block, read back and serialized as {@code ResourceSpans} (what a request carries for
 * them, as {@code store-bench}'s "span data" counts). Compaction throughput in these bytes is
 * comparable with Tempo's sizing guidance, which is stated in ingested traffic.
 *
 * @param traces traces sampled
 * @param spans spans sampled
 * @param bytes their serialized OTLP size
 */
record OtlpSample(long traces, long spans, long bytes) {

  /** Reads up to {@code maxTraces} traces of {@code meta} from the store under {@code root}. */
  static OtlpSample of(Path root, BlockMeta meta, int maxTraces) {
    long traces = 0;
    long spans = 0;
    long bytes = 0;
    try (ObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(root));
        BlockReader r = BlockFormats.forVersion(meta.format()).openReader(store, meta);
        TraceIterator it = r.iterateTraces()) {
      while (traces < maxTraces && it.hasNext()) {
        Trace t = it.next();
        traces++;
        spans += t.spanCount();
        for (ResourceSpans rs : t.resourceSpans()) {
          bytes += rs.getSerializedSize();
        }
      }
    }
    return new OtlpSample(traces, spans, bytes);
  }

  /** OTLP bytes per span (0 when nothing was sampled). */
  double bytesPerSpan() {
    return spans == 0 ? 0 : (double) bytes / spans;
  }
}
