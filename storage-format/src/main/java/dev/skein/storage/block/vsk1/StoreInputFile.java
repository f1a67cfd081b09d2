package dev.skein.storage.block.vsk1;

import dev.skein.storage.backend.ObjectStore;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * parquet-java's {@link InputFile} over {@link ObjectStore} ranged reads. Byte ranges that the
 * reader planned ahead ({@link #prefetch}) or keeps for good (the footer and page indexes, {@link
 * #pin}) are served from memory; anything else becomes one ranged read of exactly the bytes asked
 * for. Thread-safe; each stream is single-threaded.
 */
final class StoreInputFile implements InputFile {

  private final ObjectStore store;
  private final String key;
  private final long length;

  /** start offset to bytes; never overlapping by construction of callers, lookups tolerate it. */
  private final ConcurrentSkipListMap<Long, byte[]> ranges = new ConcurrentSkipListMap<>();

  StoreInputFile(ObjectStore store, String key, long length) {
    this.store = store;
    this.key = key;
    this.length = length;
  }

  /** A view with the same pinned ranges and its own prefetched ones, for one operation. */
  StoreInputFile withPinned(Map<Long, byte[]> pinned) {
    StoreInputFile f = new StoreInputFile(store, key, length);
    f.ranges.putAll(pinned);
    return f;
  }

  String key() {
    return key;
  }

  /** Reads [offset, offset + len) from the store now and serves it from memory afterwards. */
  byte[] prefetch(long offset, int len) {
    byte[] bytes = store.getRange(key, offset, len);
    ranges.put(offset, bytes);
    return bytes;
  }

  /** Keeps bytes already read at {@code offset}. */
  void pin(long offset, byte[] bytes) {
    ranges.put(offset, bytes);
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() {
    return new Stream();
  }

  /** Copies [pos, pos + len) into dst from a cached range, or returns false. */
  private boolean fromCache(long pos, byte[] dst, int off, int len) {
    Map.Entry<Long, byte[]> e = ranges.floorEntry(pos);
    if (e == null) {
      return false;
    }
    long start = e.getKey();
    byte[] b = e.getValue();
    if (pos + len > start + b.length) {
      return false;
    }
    System.arraycopy(b, (int) (pos - start), dst, off, len);
    return true;
  }

  private final class Stream extends SeekableInputStream {
    private long pos;

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) {
      pos = newPos;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos >= length) {
        return -1;
      }
      int n = (int) Math.min(len, length - pos);
      readFully(b, off, n);
      return n;
    }

    @Override
    public void readFully(byte[] bytes) throws IOException {
      readFully(bytes, 0, bytes.length);
    }

    @Override
    public void readFully(byte[] bytes, int start, int len) throws IOException {
      if (pos + len > length) {
        throw new EOFException(
            key + ": read of " + len + " bytes at " + pos + " passes the end (" + length + ")");
      }
      if (!fromCache(pos, bytes, start, len)) {
        byte[] got = store.getRange(key, pos, len);
        if (got.length != len) {
          throw new EOFException(key + ": short read at " + pos + ", " + got.length + " of " + len);
        }
        System.arraycopy(got, 0, bytes, start, len);
      }
      pos += len;
    }

    @Override
    public int read(ByteBuffer buf) throws IOException {
      int n = (int) Math.min(buf.remaining(), length - pos);
      if (n <= 0) {
        return -1;
      }
      byte[] tmp = new byte[n];
      readFully(tmp, 0, n);
      buf.put(tmp);
      return n;
    }

    @Override
    public void readFully(ByteBuffer buf) throws IOException {
      byte[] tmp = new byte[buf.remaining()];
      readFully(tmp, 0, tmp.length);
      buf.put(tmp);
    }
  }
}
