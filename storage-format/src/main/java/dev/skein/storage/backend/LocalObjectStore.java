package dev.skein.storage.backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An {@link ObjectStore} in a local directory: the embedded default. Key {@code t/b/meta.json} is
 * the file {@code <root>/t/b/meta.json}. Thread-safe, and safe for several processes sharing the
 * directory.
 *
 * <p>Writes go to a temporary file beside the target, are forced to disk, renamed over the target
 * atomically and the directory is forced too, so a reader or a crash sees the old object or the new
 * one, never a part. Temporary names contain {@code ~}, which no valid key contains, so they can
 * never collide with an object and are never listed, even when a crash leaves one behind.
 *
 * <p>A key cannot be both an object and a directory-like prefix here ({@code a/b} and {@code
 * a/b/c}); writing the second fails with {@link ObjectStoreException}. Block layouts never do this.
 */
public final class LocalObjectStore implements ObjectStore {

  /** Marks temporary files; never part of a valid key (see {@link ObjectKeys#validate}). */
  static final char TEMP_MARK = '~';

  private static final int MAX_DIRECTORY_RACE_RETRIES = 32;

  private final LocalObjectStoreConfig config;
  private final Path root;
  private final LocalTree tree;

  /** Creates a store over {@code config.root()}; does no I/O. */
  public LocalObjectStore(LocalObjectStoreConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.root = config.root();
    this.tree = new LocalTree(root);
  }

  @Override
  public byte[] get(String key) {
    Path path = resolve(key);
    try (FileChannel ch = openForRead(key, path)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new ObjectStoreException(
            "get " + key, new IOException("object of " + size + " bytes is too large for get"));
      }
      return read(ch, 0, (int) size);
    } catch (IOException e) {
      throw new ObjectStoreException("get " + key, e);
    }
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "offset and length must be >= 0, were " + offset + ", " + length);
    }
    Path path = resolve(key);
    try (FileChannel ch = openForRead(key, path)) {
      long size = ch.size();
      long from = Math.min(offset, size);
      int n = (int) Math.min(length, size - from);
      return read(ch, from, n);
    } catch (IOException e) {
      throw new ObjectStoreException("get " + key + " [" + offset + "+" + length + "]", e);
    }
  }

  @Override
  public long size(String key) {
    Path path = resolve(key);
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        throw new ObjectNotFoundException(key);
      }
      return attrs.size();
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(key);
    } catch (IOException e) {
      throw new ObjectStoreException("size " + key, e);
    }
  }

  @Override
  public void put(String key, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Path target = resolve(key);
    try {
      Path tmp = writeTemp(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
      moveIntoPlace(tmp, target);
    } catch (IOException e) {
      throw new ObjectStoreException("put " + key, e);
    }
  }

  @Override
  public void put(String key, Path file) {
    Objects.requireNonNull(file, "file");
    Path target = resolve(key);
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      Path tmp = writeTemp(target, out -> copy(in, out));
      moveIntoPlace(tmp, target);
    } catch (IOException e) {
      throw new ObjectStoreException("put " + key + " from " + file, e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Path target = resolve(key);
    try {
      Path tmp = writeTemp(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
      try {
        // link(2) fails when the target exists, so exactly one of racing writers wins, and the
        // content is complete before the name appears.
        Files.createLink(target, tmp);
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.deleteIfExists(tmp);
      }
      syncDirectory(target.getParent());
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      throw new ObjectStoreException("putIfAbsent " + key, e);
    }
  }

  @Override
  public List<String> list(String prefix) {
    ObjectKeys.validatePrefix(prefix);
    try {
      return tree.list(prefix);
    } catch (IOException e) {
      throw new ObjectStoreException("list " + prefix, e);
    }
  }

  @Override
  public List<String> children(String prefix) {
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException(
          "children() prefix must be empty or end with '/': " + prefix);
    }
    ObjectKeys.validatePrefix(prefix);
    try {
      return tree.children(prefix);
    } catch (IOException e) {
      throw new ObjectStoreException("children " + prefix, e);
    }
  }

  @Override
  public void delete(String key) {
    Path path = resolve(key);
    try {
      if (Files.isDirectory(path)) {
        return; // a prefix of other keys, not an object
      }
      if (Files.deleteIfExists(path)) {
        pruneEmptyParents(path.getParent());
      }
    } catch (IOException e) {
      throw new ObjectStoreException("delete " + key, e);
    }
  }

  /** Nothing to release: every operation opens and closes its own files. */
  @Override
  public void close() {}

  /** The configuration, which holds no secrets. */
  public LocalObjectStoreConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return "LocalObjectStore{root=" + root + ", fsync=" + config.fsync() + "}";
  }

  private Path resolve(String key) {
    ObjectKeys.validate(key);
    Path path = root.resolve(key).normalize();
    // ObjectKeys already forbids '..' and absolute keys; this guards against any future gap.
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("object key resolves outside the store root: " + key);
    }
    return path;
  }

  static boolean isTemp(Path path) {
    return path.getFileName().toString().indexOf(TEMP_MARK) >= 0;
  }

  private static FileChannel openForRead(String key, Path path) throws IOException {
    if (Files.isDirectory(path)) {
      throw new ObjectNotFoundException(key);
    }
    try {
      return FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(key);
    }
  }

  private static byte[] read(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      // Positional reads: the channel is private to this call, but this keeps reads independent.
      int n = ch.read(buf, position + buf.position());
      if (n < 0) {
        throw new IOException(
            "object ended at " + (position + buf.position()) + ", expected " + length + " bytes");
      }
    }
    return buf.array();
  }

  /** Writes a fresh temporary file beside {@code target} and returns its path. */
  private Path writeTemp(Path target, ChannelWriter writer) throws IOException {
    Path dir = target.getParent();
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve(tempName(target));
      FileChannel ch;
      try {
        Files.createDirectories(dir);
        ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (NoSuchFileException | FileAlreadyExistsException e) {
        // A concurrent delete pruned the (then empty) directory, between its creation and our
        // file or during createDirectories' own check; create it again. A file standing where a
        // directory must be (key a/b when writing a/b/c) fails the same way every time.
        if (attempt < MAX_DIRECTORY_RACE_RETRIES) {
          continue;
        }
        throw e;
      }
      try (ch) {
        writer.write(ch);
        if (config.fsync()) {
          ch.force(true);
        }
        return tmp;
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
    }
  }

  private void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    syncDirectory(target.getParent());
  }

  /** Makes the rename itself durable: without this a crash may forget the new directory entry. */
  private void syncDirectory(Path dir) throws IOException {
    if (!config.fsync() || isWindows()) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private void pruneEmptyParents(Path dir) throws IOException {
    while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
      try {
        Files.delete(dir);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        return; // still in use, or already pruned by a concurrent delete
      }
      dir = dir.getParent();
    }
  }

  private static String tempName(Path target) {
    return "." + target.getFileName() + TEMP_MARK + Long.toHexString(randomLong()) + ".tmp";
  }

  private static long randomLong() {
    return ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static void copy(FileChannel in, FileChannel out) throws IOException {
    long size = in.size();
    long done = 0;
    while (done < size) {
      long n = in.transferTo(done, size - done, out);
      if (n <= 0) {
        throw new IOException("source file shrank while copying at " + done + " of " + size);
      }
      done += n;
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }

  @FunctionalInterface
  private interface ChannelWriter {
    void write(FileChannel ch) throws IOException;
  }
}
