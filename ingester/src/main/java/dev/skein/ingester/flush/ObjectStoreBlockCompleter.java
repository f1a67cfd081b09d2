package dev.skein.ingester.flush;

import dev.skein.ingester.live.BlockCompleter;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.tenant.BlockList;
import dev.skein.trace.Trace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a cut head block as a block of the default format into the object store ({@code meta.json}
 * last, which commits it) and announces it to the block list, so queries find its traces the moment
 * the ingester lets go of them. Retries with the same block id are idempotent: a block already
 * committed is not written twice. Thread-safe.
 */
public final class ObjectStoreBlockCompleter implements BlockCompleter {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectStoreBlockCompleter.class);

  private final ObjectStore store;
  private final BlockList blocks;
  private final BlockConfig config;
  private final Path workDir;
  private final Timer duration;
  private final Counter spans;
  private final Counter bytes;

  /**
   * Creates the completer.
   *
   * @param store where blocks go
   * @param blocks told about every committed block
   * @param config block layout settings
   * @param workDir local scratch space for block files before upload
   * @param meters where flush metrics are registered
   */
  public ObjectStoreBlockCompleter(
      ObjectStore store, BlockList blocks, BlockConfig config, Path workDir, MeterRegistry meters) {
    this.store = store;
    this.blocks = blocks;
    this.config = config;
    this.workDir = workDir;
    this.duration =
        Timer.builder("skein.ingester.flush.duration")
            .description("Time to write and upload one block")
            .register(meters);
    this.spans =
        Counter.builder("skein.ingester.flush.spans")
            .description("Spans written to blocks in the object store")
            .register(meters);
    this.bytes =
        Counter.builder("skein.ingester.flush.bytes")
            .description("Bytes of data.parquet written to the object store")
            .register(meters);
  }

  @Override
  public void complete(String tenant, UUID blockId, Iterator<Trace> traces) throws IOException {
    String metaKey = tenant + "/" + blockId + "/" + BlockMeta.META_JSON;
    if (store.exists(metaKey)) {
      // An earlier attempt committed the block and failed afterwards: nothing to write again.
      blocks.add(BlockMetaJson.read(metaKey, store.get(metaKey)));
      return;
    }
    long t0 = System.nanoTime();
    // A scratch directory of its own per attempt: writers of different blocks (or a retry racing
    // a slow attempt) never share local files.
    Path dir =
        Files.createTempDirectory(Files.createDirectories(workDir.resolve(tenant)), blockId + "-");
    BlockMeta meta;
    try (BlockWriter writer =
        BlockFormats.defaultForWrites()
            .newWriter(store, new NewBlock(tenant, blockId, 0, 0, dir), config)) {
      while (traces.hasNext()) {
        writer.add(traces.next());
      }
      if (writer.traceCount() == 0) {
        return;
      }
      meta = writer.complete();
    } finally {
      deleteQuietly(dir);
    }
    blocks.add(meta);
    long nanos = System.nanoTime() - t0;
    duration.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    spans.increment(meta.totalSpans());
    bytes.increment(meta.dataBytes());
    LOG.info(
        "flushed block {} of tenant {}: {} traces, {} spans, {} bytes in {} ms",
        blockId,
        tenant,
        meta.totalTraces(),
        meta.totalSpans(),
        meta.dataBytes(),
        nanos / 1_000_000);
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.warn("could not remove scratch directory {}", dir, e);
    }
  }

  @Override
  public String toString() {
    return "ObjectStoreBlockCompleter{store=" + store + ", workDir=" + workDir + "}";
  }
}
