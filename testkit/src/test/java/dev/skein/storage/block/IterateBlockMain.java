package dev.skein.storage.block;

import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import java.nio.file.Path;

/**
 * Iterates every trace of one block and prints {@code traces spans}: run in a forked JVM with a
 * small heap by {@link StreamingIterationTest}. Arguments: store root, meta.json key.
 */
public final class IterateBlockMain {

  private IterateBlockMain() {}

  /** Entry point. */
  public static void main(String[] args) {
    LocalObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(Path.of(args[0])));
    BlockMeta meta = BlockMetaJson.read(args[1], store.get(args[1]));
    long traces = 0;
    long spans = 0;
    try (BlockReader reader = BlockFormats.forVersion(meta.format()).openReader(store, meta);
        TraceIterator it = reader.iterateTraces()) {
      while (it.hasNext()) {
        spans += it.next().spanCount();
        traces++;
      }
    }
    System.out.println(traces + " " + spans);
  }
}
