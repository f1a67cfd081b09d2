package dev.skein.compactor;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.backend.ObjectStoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulates a process dying: the {@code failAt}-th mutating call (put, putIfAbsent, delete) and
 * every one after it throw, so nothing the dead process would have written afterwards is written.
 * Reads pass through. {@code failAt = 0} never fails and just counts.
 */
final class FailingObjectStore implements ObjectStore {

  private final ObjectStore delegate;
  private final int failAt;
  private final AtomicInteger mutations = new AtomicInteger();

  FailingObjectStore(ObjectStore delegate, int failAt) {
    this.delegate = delegate;
    this.failAt = failAt;
  }

  int mutations() {
    return mutations.get();
  }

  private void mutate(String op, String key) {
    int n = mutations.incrementAndGet();
    if (failAt > 0 && n >= failAt) {
      throw new ObjectStoreException(
          op + " " + key, new IllegalStateException("injected crash at mutation " + n));
    }
  }

  @Override
  public byte[] get(String key) {
    return delegate.get(key);
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    return delegate.getRange(key, offset, length);
  }

  @Override
  public long size(String key) {
    return delegate.size(key);
  }

  @Override
  public void put(String key, byte[] bytes) {
    mutate("put", key);
    delegate.put(key, bytes);
  }

  @Override
  public void put(String key, Path file) {
    mutate("put", key);
    delegate.put(key, file);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    mutate("putIfAbsent", key);
    return delegate.putIfAbsent(key, bytes);
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
    mutate("delete", key);
    delegate.delete(key);
  }

  @Override
  public void close() {}
}
