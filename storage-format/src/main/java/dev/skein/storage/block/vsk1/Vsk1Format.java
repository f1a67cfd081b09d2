package dev.skein.storage.block.vsk1;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormat;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import java.time.Clock;

/** Block format {@code vsk1}: readable and writable. Stateless and thread-safe. */
public final class Vsk1Format implements BlockFormat {

  /** The version string in {@code meta.json}. */
  public static final String VERSION = "vsk1";

  /** The one instance. */
  public static final Vsk1Format INSTANCE = new Vsk1Format(Clock.systemUTC());

  private final Clock clock;

  /** A format stamping blocks with {@code clock}'s time (tests inject a fixed clock). */
  public Vsk1Format(Clock clock) {
    this.clock = clock;
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
    return new Vsk1BlockReader(store, meta);
  }

  @Override
  public String toString() {
    return "Vsk1Format";
  }
}
