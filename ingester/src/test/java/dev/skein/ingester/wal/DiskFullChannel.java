package dev.skein.ingester.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real segment file whose file system has {@code space} bytes left: a write that does not fit
 * writes what fits (as a short write(2) does) and then fails with "No space left on device", the
 * message Linux gives for ENOSPC. Raising {@code space} again is the operator freeing disk space.
 */
final class DiskFullChannel extends FileChannel {

  static final String ENOSPC = "No space left on device";

  private final FileChannel file;
  private final AtomicLong space;

  DiskFullChannel(FileChannel file, AtomicLong space) {
    this.file = file;
    this.space = space;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    long left = space.get();
    if (src.remaining() <= left) {
      int n = file.write(src);
      space.addAndGet(-n);
      return n;
    }
    if (left > 0) {
      ByteBuffer part = src.slice(src.position(), (int) left);
      int n = file.write(part);
      src.position(src.position() + n);
      space.addAndGet(-n);
    }
    throw new IOException(ENOSPC);
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    long before = file.size();
    file.truncate(size);
    space.addAndGet(Math.max(0, before - file.size())); // freed blocks
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    file.force(metaData);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long n = 0;
    for (int i = offset; i < offset + length; i++) {
      n += write(srcs[i]);
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    throw new UnsupportedOperationException("the WAL appends");
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return file.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return file.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return file.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return file.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    file.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return file.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException("the WAL appends");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return file.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return file.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return file.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }
}
