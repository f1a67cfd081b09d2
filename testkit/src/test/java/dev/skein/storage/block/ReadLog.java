package dev.skein.storage.block;

import dev.skein.storage.backend.ObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** An ObjectStore decorator for tests that counts reads and bytes of objects by name suffix. */
class ReadLog implements ObjectStore {

  private final ObjectStore delegate;
  private final String suffix;
  final AtomicLong reads = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();

  ReadLog(ObjectStore delegate, String suffix) {
    this.delegate = delegate;
    this.suffix = suffix;
  }

  void reset() {
    reads.set(0);
    bytes.set(0);
  }

  private byte[] count(String key, byte[] b) {
    if (key.endsWith(suffix)) {
      reads.incrementAndGet();
      bytes.addAndGet(b.length);
    }
    return b;
  }

  @Override
  public byte[] get(String key) {
    return count(key, delegate.get(key));
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    return count(key, delegate.getRange(key, offset, length));
  }

  @Override
  public long size(String key) {
    return delegate.size(key);
  }

  @Override
  public void put(String key, byte[] b) {
    delegate.put(key, b);
  }

  @Override
  public void put(String key, Path file) {
    delegate.put(key, file);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] b) {
    return delegate.putIfAbsent(key, b);
  }

  @Override
  public List<String> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public List<String> children(String prefix) {
    return delegate.children(prefix);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public void close() {}
}
