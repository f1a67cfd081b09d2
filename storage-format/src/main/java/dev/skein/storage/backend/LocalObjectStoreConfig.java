package dev.skein.storage.backend;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of a {@link LocalObjectStore}.
 *
 * @param root the directory holding every object; made absolute and normalised. It need not exist
 *     yet: the store creates directories on the first write.
 * @param fsync whether writes are forced to disk (file and parent directory) before they return.
 *     Only benchmarks and throw-away test stores should turn this off: without it a crash can leave
 *     an empty or truncated object behind a key.
 */
public record LocalObjectStoreConfig(Path root, boolean fsync) {

  /** Writes are durable by default. */
  public static final boolean DEFAULT_FSYNC = true;

  /** Validates and normalises the root. */
  public LocalObjectStoreConfig {
    Objects.requireNonNull(root, "root");
    root = root.toAbsolutePath().normalize();
    if (root.getParent() == null) {
      throw new IllegalArgumentException(
          "local object store root must not be a filesystem root, was " + root);
    }
  }

  /** A durable store rooted at {@code root}. */
  public static LocalObjectStoreConfig of(Path root) {
    return new LocalObjectStoreConfig(root, DEFAULT_FSYNC);
  }
}
