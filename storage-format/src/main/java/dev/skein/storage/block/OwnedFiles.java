package dev.skein.storage.block;

import dev.skein.common.CorruptBlockException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Framing of the files whose bytes Skein owns (bloom shards, search index), in the Lucene style: a
 * header of magic, file name and version, the body, and a CRC32C of everything before it. Readers
 * verify all three and report the object and offset of the first problem. Stateless.
 *
 * <p>Layout: {@code "SKN1"} (4 bytes), name length (1 byte), name (ASCII), version (int32 BE),
 * body, CRC32C (int32 BE) over header and body.
 */
public final class OwnedFiles {

  private static final byte[] MAGIC = {'S', 'K', 'N', '1'};

  private OwnedFiles() {}

  /** Wraps {@code body} in header and checksum. */
  public static byte[] frame(String name, int version, byte[] body) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(4 + 1 + n.length + 4 + body.length + 4);
    buf.put(MAGIC).put((byte) n.length).put(n).putInt(version).put(body);
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    return buf.array();
  }

  /**
   * Checks the frame and returns the body (a view of {@code bytes}).
   *
   * @param objectKey the object the bytes came from, for error messages
   * @throws CorruptBlockException when the magic, name, version, length or checksum is wrong
   */
  public static ByteBuffer unframe(String objectKey, String name, int version, byte[] bytes) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    int header = 4 + 1 + n.length + 4;
    if (bytes.length < header + 4) {
      throw new CorruptBlockException(
          objectKey, bytes.length, "truncated: " + bytes.length + " bytes, header needs " + header);
    }
    for (int i = 0; i < 4; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new CorruptBlockException(objectKey, i, "bad magic, not a Skein file");
      }
    }
    if ((bytes[4] & 0xff) != n.length) {
      throw new CorruptBlockException(objectKey, 4, "file name mismatch, expected " + name);
    }
    for (int i = 0; i < n.length; i++) {
      if (bytes[5 + i] != n[i]) {
        throw new CorruptBlockException(objectKey, 5 + i, "file name mismatch, expected " + name);
      }
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int actualVersion = buf.getInt(5 + n.length);
    if (actualVersion != version) {
      throw new CorruptBlockException(
          objectKey,
          5 + n.length,
          "unsupported " + name + " version " + actualVersion + ", expected " + version);
    }
    int end = bytes.length - 4;
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, end);
    if ((int) crc.getValue() != buf.getInt(end)) {
      throw new CorruptBlockException(objectKey, end, "checksum mismatch (truncated or corrupted)");
    }
    return ByteBuffer.wrap(bytes, header, end - header).slice();
  }
}
