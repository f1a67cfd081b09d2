package dev.skein.storage.backend;

import java.nio.file.Path;
import java.util.List;

/**
 * A raw byte store addressed by keys such as {@code tenant/blockId/data.parquet}. Knows nothing of
 * blocks or tenants; every provider (local directory, S3) and decorator (cache, metrics) implements
 * this one contract, held to it by the testkit's contract suite.
 *
 * <p>Keys are {@code /}-separated, relative (no leading {@code /}), with no empty, {@code .} or
 * {@code ..} segments; see {@link ObjectKeys#validate(String)}. Implementations reject other keys
 * with {@link IllegalArgumentException} before any I/O.
 *
 * <p>Writes are atomic: a reader sees either no object or the whole object, never part of it.
 * Implementations are thread-safe. A missing object is always reported as {@link
 * ObjectNotFoundException}, whatever the provider; other I/O failures as {@link
 * ObjectStoreException} with the key and operation in the message.
 */
public interface ObjectStore extends AutoCloseable {

  /**
   * Reads a whole object.
   *
   * @throws ObjectNotFoundException when there is no object at {@code key}
   */
  byte[] get(String key);

  /**
   * Reads {@code length} bytes starting at {@code offset}. A range reaching past the end of the
   * object is cut at the end, so fewer bytes may come back; an offset at or past the end returns an
   * empty array.
   *
   * @throws ObjectNotFoundException when there is no object at {@code key}
   * @throws IllegalArgumentException when offset or length is negative
   */
  byte[] getRange(String key, long offset, int length);

  /**
   * The size of an object in bytes.
   *
   * @throws ObjectNotFoundException when there is no object at {@code key}
   */
  long size(String key);

  /** Whether an object exists at {@code key}. */
  default boolean exists(String key) {
    try {
      size(key);
      return true;
    } catch (ObjectNotFoundException e) {
      return false;
    }
  }

  /** Writes (or replaces) an object from bytes, atomically. */
  void put(String key, byte[] bytes);

  /**
   * Writes (or replaces) an object from a file, streaming it (large objects may be uploaded in
   * parts), atomically. The file is left in place.
   */
  void put(String key, Path file);

  /**
   * Writes an object only if none exists at {@code key} (conditional put), atomically.
   *
   * @return true when this call created the object, false when one already existed
   */
  boolean putIfAbsent(String key, byte[] bytes);

  /**
   * Lists every key that starts with {@code prefix}, in lexicographic order. An empty prefix lists
   * everything.
   */
  List<String> list(String prefix);

  /**
   * Lists the distinct next path segments below a directory-like prefix, without descending: for
   * keys {@code t/a/meta.json} and {@code t/b/data.parquet}, {@code children("t/")} is {@code [a,
   * b]}. The prefix must be empty or end with {@code /}. Sorted.
   */
  List<String> children(String prefix);

  /** Deletes an object; deleting a missing object is not an error. */
  void delete(String key);

  /** Releases clients and threads; the store must not be used afterwards. */
  @Override
  void close();
}
