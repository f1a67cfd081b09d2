package dev.skein.ingester.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one segment on start. A torn tail (the last record cut short or failing its CRC, or zeros
 * after the last record, as a crash mid-write leaves) is truncated away and everything before it is
 * kept. A record failing its CRC in the middle of a segment is skipped and counted; a record whose
 * length cannot be trusted ends the segment, counted and logged, without truncating the evidence.
 */
final class WalReplay {

  private static final Logger LOG = LoggerFactory.getLogger(WalReplay.class);

  /** What replaying one segment found. */
  record Result(long records, long corruptRecords, long truncatedBytes) {}

  private WalReplay() {}

  static Result replay(Path file, int segment, WalRecordConsumer consumer) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size < WalFormat.HEADER_BYTES) {
        // crashed while creating the segment: nothing acknowledged can be in it
        ch.truncate(0);
        return new Result(0, 0, size);
      }
      ByteBuffer header = ByteBuffer.allocate(WalFormat.HEADER_BYTES);
      readFully(ch, header, 0);
      if (!Arrays.equals(header.array(), WalFormat.MAGIC)) {
        LOG.error("WAL segment {} has no WAL header; skipping it (left in place)", file);
        return new Result(0, 1, 0);
      }
      long records = 0;
      long corrupt = 0;
      long off = WalFormat.HEADER_BYTES;
      ByteBuffer rh = ByteBuffer.allocate(WalFormat.RECORD_HEADER_BYTES);
      while (off < size) {
        if (off + WalFormat.RECORD_HEADER_BYTES > size) {
          return truncate(ch, file, off, size, records, corrupt);
        }
        rh.clear();
        readFully(ch, rh, off);
        int len = rh.getInt(0);
        int crc = rh.getInt(4);
        long end = off + WalFormat.RECORD_HEADER_BYTES + (len & 0xffffffffL);
        if (len < WalFormat.MIN_PAYLOAD_BYTES || len > WalFormat.MAX_PAYLOAD_BYTES) {
          if (zerosFrom(ch, off, size)) {
            return truncate(ch, file, off, size, records, corrupt);
          }
          LOG.error(
              "WAL segment {} has a record with an impossible length {} at offset {}; the rest of"
                  + " the segment ({} bytes) cannot be read and is left in place",
              file,
              len,
              off,
              size - off);
          return new Result(records, corrupt + 1, 0);
        }
        if (end > size) {
          return truncate(ch, file, off, size, records, corrupt);
        }
        ByteBuffer payload = ByteBuffer.allocate(len);
        readFully(ch, payload, off + WalFormat.RECORD_HEADER_BYTES);
        if (WalFormat.crc(payload.array(), 0, len) != crc) {
          if (end == size) {
            return truncate(ch, file, off, size, records, corrupt);
          }
          LOG.error(
              "WAL segment {}: record at offset {} ({} bytes) fails its CRC32C; skipped",
              file,
              off,
              len);
          corrupt++;
        } else {
          consumer.accept(WalFormat.location(segment, off), payload.array());
          records++;
        }
        off = end;
      }
      return new Result(records, corrupt, 0);
    }
  }

  private static Result truncate(
      FileChannel ch, Path file, long off, long size, long records, long corrupt)
      throws IOException {
    LOG.warn(
        "WAL segment {}: torn tail of {} bytes at offset {} truncated (a write cut short by a"
            + " crash; it was never acknowledged)",
        file,
        size - off,
        off);
    ch.truncate(off);
    ch.force(true);
    return new Result(records, corrupt, size - off);
  }

  private static boolean zerosFrom(FileChannel ch, long off, long size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    for (long pos = off; pos < size; ) {
      buf.clear();
      int n = ch.read(buf, pos);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (buf.get(i) != 0) {
          return false;
        }
      }
      pos += n;
    }
    return true;
  }

  static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new java.io.EOFException("unexpected end of WAL segment at " + pos);
      }
    }
  }
}
