package dev.skein.ingester.wal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The bytes of a WAL segment: an 8-byte header {@code SKWAL} 0 0 1, then records of {@code [u32
 * payload length][u32 CRC32C of the payload][payload]}, big-endian. A location packs the segment
 * number (high 24 bits) and the record's offset in it (low 40 bits) into one long.
 */
final class WalFormat {

  static final byte[] MAGIC = "SKWAL\0\0\1".getBytes(StandardCharsets.ISO_8859_1);
  static final int HEADER_BYTES = MAGIC.length;
  static final int RECORD_HEADER_BYTES = 8;

  /** Every payload starts with a 16-byte trace id, so anything shorter is not a record. */
  static final int MIN_PAYLOAD_BYTES = 16;

  static final int MAX_PAYLOAD_BYTES = 1 << 30;

  private static final int OFFSET_BITS = 40;

  private WalFormat() {}

  static long location(int segment, long offset) {
    return ((long) segment << OFFSET_BITS) | offset;
  }

  static int segment(long location) {
    return (int) (location >>> OFFSET_BITS);
  }

  static long offset(long location) {
    return location & ((1L << OFFSET_BITS) - 1);
  }

  static int crc(byte[] payload, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(payload, off, len);
    return (int) crc.getValue();
  }

  static int crc(ByteBuffer payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }

  static void putRecord(ByteBuffer out, byte[] payload) {
    out.putInt(payload.length);
    out.putInt(crc(payload, 0, payload.length));
    out.put(payload);
  }

  static String fileName(int segment) {
    return String.format("%08d.wal", segment);
  }

  /** The segment number of a file name, or -1 when it is not a segment. */
  static int parseFileName(String name) {
    if (!name.endsWith(".wal") || name.length() != 12) {
      return -1;
    }
    try {
      return Integer.parseInt(name.substring(0, 8));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
