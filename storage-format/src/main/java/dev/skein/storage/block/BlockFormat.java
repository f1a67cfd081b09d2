package dev.skein.storage.block;

import dev.skein.storage.backend.ObjectStore;
import java.util.Optional;

/**
 * One version of the block format. Implementations live in one frozen package each and are found
 * through {@link BlockFormats}. Thread-safe and stateless.
 */
public interface BlockFormat {

  /** The version string written to {@code meta.json}, e.g. {@code vsk1}. */
  String version();

  /** Whether new blocks may be written in this version; false for read-only legacy formats. */
  boolean writable();

  /**
   * Starts writing a block. No I/O happens until the first trace is added.
   *
   * @throws UnsupportedOperationException when the format is read-only
   */
  BlockWriter newWriter(ObjectStore store, NewBlock block, BlockConfig config);

  /**
   * Opens a committed block for reading. Cheap: objects are fetched lazily, on first use.
   *
   * @throws IllegalArgumentException when {@code meta.format()} is not this version
   */
  BlockReader openReader(ObjectStore store, BlockMeta meta);

  /**
   * The format's sharded trace-id filter, when its shards can be tested outside a reader (the
   * tenant-level copy of every block's bloom shards relies on it); empty otherwise.
   */
  default Optional<TraceIdFilter> traceIdFilter() {
    return Optional.empty();
  }
}
