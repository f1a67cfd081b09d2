package dev.skein.bench;

import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.backend.ObjectStoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bare file-backed store for the block benchmark only (the real LocalObjectStore lives in
 * storage-format): reads with positional FileChannel reads and counts requests and bytes.
 */
final class DirObjectStore implements ObjectStore {

  private final Path root;
  final AtomicLong reads = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();

  DirObjectStore(Path root) {
    this.root = root;
  }

  @Override
  public byte[] get(String key) {
    try {
      byte[] b = Files.readAllBytes(root.resolve(key));
      reads.incrementAndGet();
      bytes.addAndGet(b.length);
      return b;
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(key);
    } catch (IOException e) {
      throw new ObjectStoreException("get " + key, e);
    }
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    try (FileChannel ch = FileChannel.open(root.resolve(key))) {
      int n = (int) Math.max(0, Math.min(length, ch.size() - offset));
      ByteBuffer buf = ByteBuffer.allocate(n);
      while (buf.hasRemaining()) {
        if (ch.read(buf, offset + buf.position()) < 0) {
          break;
        }
      }
      reads.incrementAndGet();
      bytes.addAndGet(n);
      return buf.array();
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(key);
    } catch (IOException e) {
      throw new ObjectStoreException("getRange " + key, e);
    }
  }

  @Override
  public long size(String key) {
    try {
      return Files.size(root.resolve(key));
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(key);
    } catch (IOException e) {
      throw new ObjectStoreException("size " + key, e);
    }
  }

  @Override
  public void put(String key, byte[] b) {
    try {
      Path p = root.resolve(key);
      Files.createDirectories(p.getParent());
      Files.write(p, b);
    } catch (IOException e) {
      throw new ObjectStoreException("put " + key, e);
    }
  }

  @Override
  public void put(String key, Path file) {
    try {
      Path p = root.resolve(key);
      Files.createDirectories(p.getParent());
      Files.copy(file, p, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new ObjectStoreException("put " + key, e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] b) {
    if (Files.exists(root.resolve(key))) {
      return false;
    }
    put(key, b);
    return true;
  }

  @Override
  public List<String> list(String prefix) {
    throw new UnsupportedOperationException("not needed by the benchmark");
  }

  @Override
  public List<String> children(String prefix) {
    throw new UnsupportedOperationException("not needed by the benchmark");
  }

  @Override
  public void delete(String key) {
    try {
      Files.deleteIfExists(root.resolve(key));
    } catch (IOException e) {
      throw new ObjectStoreException("delete " + key, e);
    }
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "DirObjectStore{" + root + "}";
  }
}
