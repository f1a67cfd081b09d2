package dev.skein.testkit;

import dev.skein.storage.backend.ObjectKeys;
import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.backend.ObjectStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link ObjectStore} held in memory, for fast unit tests. Thread-safe. Counts reads so tests
 * can assert how many requests and bytes a lookup costs. Never the only store a feature is tested
 * against: the contract suite also runs against the local and S3 stores.
 */
public final class InMemoryObjectStore implements ObjectStore {

  private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();

  @Override
  public byte[] get(String key) {
    byte[] bytes = objects.get(ObjectKeys.validate(key));
    if (bytes == null) {
      throw new ObjectNotFoundException(key);
    }
    reads.incrementAndGet();
    bytesRead.addAndGet(bytes.length);
    return bytes.clone();
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "offset and length must be >= 0, were " + offset + ", " + length);
    }
    byte[] bytes = objects.get(ObjectKeys.validate(key));
    if (bytes == null) {
      throw new ObjectNotFoundException(key);
    }
    int from = (int) Math.min(offset, bytes.length);
    int to = (int) Math.min((long) from + length, bytes.length);
    reads.incrementAndGet();
    bytesRead.addAndGet(to - from);
    return Arrays.copyOfRange(bytes, from, to);
  }

  @Override
  public long size(String key) {
    byte[] bytes = objects.get(ObjectKeys.validate(key));
    if (bytes == null) {
      throw new ObjectNotFoundException(key);
    }
    return bytes.length;
  }

  @Override
  public void put(String key, byte[] bytes) {
    objects.put(ObjectKeys.validate(key), bytes.clone());
  }

  @Override
  public void put(String key, Path file) {
    try {
      put(key, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ObjectStoreException("put " + key + " from " + file, e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    return objects.putIfAbsent(ObjectKeys.validate(key), bytes.clone()) == null;
  }

  @Override
  public List<String> list(String prefix) {
    ObjectKeys.validatePrefix(prefix);
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : objects.tailMap(prefix).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      keys.add(e.getKey());
    }
    return keys;
  }

  @Override
  public List<String> children(String prefix) {
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException(
          "children() prefix must be empty or end with '/': " + prefix);
    }
    TreeSet<String> children = new TreeSet<>();
    for (String key : list(prefix)) {
      String rest = key.substring(prefix.length());
      int slash = rest.indexOf('/');
      children.add(slash < 0 ? rest : rest.substring(0, slash));
    }
    return List.copyOf(children);
  }

  @Override
  public void delete(String key) {
    objects.remove(ObjectKeys.validate(key));
  }

  @Override
  public void close() {}

  /** Number of get and getRange calls so far. */
  public long reads() {
    return reads.get();
  }

  /** Bytes returned by get and getRange so far. */
  public long bytesRead() {
    return bytesRead.get();
  }

  @Override
  public String toString() {
    return "InMemoryObjectStore{objects=" + objects.size() + "}";
  }
}
