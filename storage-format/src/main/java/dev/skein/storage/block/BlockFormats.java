package dev.skein.storage.block;

import dev.skein.storage.block.vsk1.Vsk1Format;
import java.util.List;

/**
 * The registry of block formats by the version string recorded in {@code meta.json}. Add a new
 * version here and keep the old ones readable. Thread-safe.
 */
public final class BlockFormats {

  private static final List<BlockFormat> ALL = List.of(Vsk1Format.INSTANCE);

  private BlockFormats() {}

  /**
   * The format that reads blocks of {@code version}.
   *
   * @throws IllegalArgumentException for an unknown version, listing the known ones
   */
  public static BlockFormat forVersion(String version) {
    for (BlockFormat f : ALL) {
      if (f.version().equals(version)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown block format '"
            + version
            + "', known: "
            + ALL.stream().map(BlockFormat::version).toList());
  }

  /** The format new blocks are written in. */
  public static BlockFormat defaultForWrites() {
    return Vsk1Format.INSTANCE;
  }

  /** Every known format, oldest first. */
  public static List<BlockFormat> all() {
    return ALL;
  }
}
