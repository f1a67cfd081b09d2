package dev.skein.storage.block.vsk1;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormat;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.block.TraceIdFilter;
import java.time.Clock;
import java.util.Optional;

/** Block format {@code vsk1}: readable and writable. Stateless and thread-safe. */
public final class Vsk1Format implements BlockFormat {

  /** The version string in {@code meta.json}. */
  public static final String VERSION = "vsk1";

  /**
   * Readers fetch byte ranges of data.parquet that are closer than this as one ranged read: fewer
   * requests for a few more bytes. 1 MiB suits object stores, where a request costs far more than a
   * megabyte of transfer; see storage-format/RATIONALE.md for the measurements.
   */
  public static final long DEFAULT_READ_GAP_BYTES = 1L << 20;

  /**
   * Projected scans coalesce only ranges closer than this (or the read gap, if smaller): the
   * columns they skip lie between the ones they read, and merging across them read a whole 60 MB
   * block to scan two 0.3 B/span columns.
   */
  public static final long DEFAULT_SCAN_GAP_BYTES = 64L << 10;

  /** The default instance: system clock, default read gap. */
  public static final Vsk1Format INSTANCE =
      new Vsk1Format(Clock.systemUTC(), DEFAULT_READ_GAP_BYTES);

  private final Clock clock;
  private final long readGapBytes;

  /**
   * A format stamping blocks with {@code clock}'s time (tests inject a fixed clock) whose readers
   * coalesce ranges closer than {@code readGapBytes}.
   */
  public Vsk1Format(Clock clock, long readGapBytes) {
    if (readGapBytes < 0) {
      throw new IllegalArgumentException("readGapBytes must be >= 0, was " + readGapBytes);
    }
    this.clock = clock;
    this.readGapBytes = readGapBytes;
  }

  /** The name of bloom shard {@code n}. */
  public static String bloomName(int n) {
    return "bloom-" + n;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean writable() {
    return true;
  }

  @Override
  public BlockWriter newWriter(ObjectStore store, NewBlock block, BlockConfig config) {
    return new Vsk1BlockWriter(store, block, config, clock);
  }

  @Override
  public BlockReader openReader(ObjectStore store, BlockMeta meta) {
    if (!meta.format().equals(VERSION)) {
      throw new IllegalArgumentException(
          "block " + meta.blockId() + " is format " + meta.format() + ", not " + VERSION);
    }
    return new Vsk1BlockReader(store, meta, readGapBytes);
  }

  @Override
  public Optional<TraceIdFilter> traceIdFilter() {
    return Optional.of(Vsk1TraceIdFilter.INSTANCE);
  }

  @Override
  public String toString() {
    return "Vsk1Format{readGapBytes=" + readGapBytes + "}";
  }
}
