package dev.skein.storage.block.vsk1;

import com.github.luben.zstd.Zstd;
import dev.skein.common.CorruptBlockException;
import dev.skein.storage.block.OwnedFiles;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;

/**
 * The stored form of a {@link ShapeTable}: a value of the Parquet footer's key-value metadata
 * ({@link #METADATA_KEY}), base64 of an {@link OwnedFiles} frame (magic, name {@code shapes},
 * version, CRC32C) around the table's uncompressed length (int32) and its zstd-3 bytes.
 *
 * <p>In the footer rather than an object of its own: trace-by-id reads the footer anyway (and
 * caches it), so the table costs no extra ranged read, and the footer tail is already checksummed
 * through {@code meta.json}; the frame's own CRC and version make a damaged or future table an
 * error that names the object and the footer offset instead of wrong values.
 *
 * <p>Body: column count; per column its name, type byte and distinct values (binary: varint length
 * and bytes; int32/int64: zigzag varint); shape count (shape 0 excluded); per shape one varint code
 * per column ({@link ShapeTable#code}).
 */
final class ShapeTableCodec {

  /** Footer key-value metadata entry holding the block's shape table. */
  static final String METADATA_KEY = "skein.shapes";

  static final int VERSION = 1;

  /** Largest uncompressed table read; a larger declared length is corrupt. */
  static final int MAX_TABLE_BYTES = 64 << 20;

  private static final String NAME = "shapes";

  private ShapeTableCodec() {}

  /** The footer metadata value for {@code table}. */
  static String encode(ShapeTable table) {
    Out out = new Out();
    List<ShapeColumn> columns = table.columns();
    Object[][] values = table.valueArrays();
    out.varint(columns.size());
    for (int c = 0; c < columns.size(); c++) {
      byte[] name = columns.get(c).name().getBytes(StandardCharsets.UTF_8);
      out.varint(name.length);
      out.write(name, 0, name.length);
      out.write(columns.get(c).type().ordinal());
      out.varint(values[c].length);
      for (Object v : values[c]) {
        switch (v) {
          case Binary b -> {
            byte[] bytes = b.getBytes();
            out.varint(bytes.length);
            out.write(bytes, 0, bytes.length);
          }
          case Integer i -> out.varint(Integer.toUnsignedLong((i << 1) ^ (i >> 31)));
          case Long l -> out.varint((l << 1) ^ (l >> 63));
          default -> throw new IllegalStateException("not a shape value: " + v.getClass());
        }
      }
    }
    int[][] codes = table.codeArrays();
    out.varint(codes.length);
    for (int[] shape : codes) {
      for (int code : shape) {
        out.varint(code);
      }
    }
    byte[] raw = out.toByteArray();
    byte[] zstd = Zstd.compress(raw, 3);
    ByteBuffer body = ByteBuffer.allocate(4 + zstd.length).putInt(raw.length).put(zstd);
    return Base64.getEncoder().encodeToString(OwnedFiles.frame(NAME, VERSION, body.array()));
  }

  /** The table recorded in a block's Parquet footer (cached by {@link ParquetAccess#tail}). */
  static ShapeTable of(ParquetAccess parquet) {
    ParquetAccess.Tail tail = parquet.tail();
    return decode(
        parquet.key(), tail.offset(), tail.footer().getFileMetaData().getKeyValueMetaData());
  }

  /**
   * The table recorded in a footer's key-value metadata ({@link ShapeTable#NONE} when absent).
   *
   * @param objectKey the object the footer belongs to, for errors
   * @param footerOffset where the footer starts in that object, for errors
   * @throws CorruptBlockException when the value is not a well-formed table of this version
   */
  static ShapeTable decode(String objectKey, long footerOffset, Map<String, String> metadata) {
    String value = metadata.get(METADATA_KEY);
    return value == null ? ShapeTable.NONE : decode(objectKey, footerOffset, value);
  }

  static ShapeTable decode(String objectKey, long footerOffset, String value) {
    byte[] framed;
    try {
      framed = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw corrupt(objectKey, footerOffset, "not base64: " + e.getMessage());
    }
    ByteBuffer body;
    try {
      body = OwnedFiles.unframe(objectKey, NAME, VERSION, framed);
    } catch (CorruptBlockException e) {
      throw corrupt(objectKey, footerOffset, "byte " + e.offset() + " of the frame: " + problem(e));
    }
    if (body.remaining() < 4) {
      throw corrupt(objectKey, footerOffset, "frame body of " + body.remaining() + " bytes");
    }
    int rawLength = body.getInt();
    if (rawLength < 0 || rawLength > MAX_TABLE_BYTES) {
      throw corrupt(objectKey, footerOffset, "declared length " + rawLength + " out of range");
    }
    byte[] zstd = new byte[body.remaining()];
    body.get(zstd);
    byte[] raw;
    try {
      raw = Zstd.decompress(zstd, rawLength);
    } catch (RuntimeException e) {
      throw corrupt(objectKey, footerOffset, "undecompressable: " + e.getMessage());
    }
    if (raw.length != rawLength) {
      throw corrupt(objectKey, footerOffset, "decompressed to " + raw.length + " of " + rawLength);
    }
    In in = new In(raw);
    try {
      return parse(in);
    } catch (RuntimeException e) {
      throw corrupt(
          objectKey,
          footerOffset,
          "byte " + in.pos + " of the decompressed table: " + e.getMessage());
    }
  }

  private static ShapeTable parse(In in) {
    int columnCount = in.count("columns", ShapeColumn.ALL.size());
    List<ShapeColumn> columns = new ArrayList<>();
    Object[][] values = new Object[columnCount][];
    for (int c = 0; c < columnCount; c++) {
      String name = new String(in.bytes(in.count("name length", 256)), StandardCharsets.UTF_8);
      int type = in.raw[in.pos++] & 0xff;
      ShapeColumn column =
          ShapeColumn.ALL.stream()
              .filter(k -> k.name().equals(name))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("unknown shape column " + name));
      if (column.type().ordinal() != type || columns.contains(column)) {
        throw new IllegalStateException("bad type or repeated shape column " + name);
      }
      columns.add(column);
      values[c] = new Object[in.count("values", in.raw.length)];
      for (int k = 0; k < values[c].length; k++) {
        values[c][k] =
            switch (column.type()) {
              case BINARY ->
                  Binary.fromConstantByteArray(in.bytes(in.count("value length", in.raw.length)));
              case INT32 -> (int) unzigzag(in.varint());
              case INT64 -> unzigzag(in.varint());
            };
      }
    }
    int shapeCount = in.count("shapes", in.raw.length);
    int[][] codes = new int[shapeCount][columnCount];
    for (int s = 0; s < shapeCount; s++) {
      for (int c = 0; c < columnCount; c++) {
        long code = in.varint();
        if (code < 0 || code >= values[c].length + 2L) {
          throw new IllegalStateException("cell code " + code + " out of range");
        }
        codes[s][c] = (int) code;
      }
    }
    if (in.pos != in.raw.length) {
      throw new IllegalStateException((in.raw.length - in.pos) + " trailing bytes");
    }
    return new ShapeTable(columns, values, codes);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static String problem(CorruptBlockException e) {
    String m = e.getMessage();
    int i = m.indexOf(": ");
    return i < 0 ? m : m.substring(i + 2);
  }

  private static CorruptBlockException corrupt(String objectKey, long offset, String problem) {
    return new CorruptBlockException(
        objectKey, offset, "footer metadata " + METADATA_KEY + ": " + problem);
  }

  private static final class Out extends ByteArrayOutputStream {
    void varint(long v) {
      while ((v & ~0x7fL) != 0) {
        write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }
  }

  private static final class In {
    final byte[] raw;
    int pos;

    In(byte[] raw) {
      this.raw = raw;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = raw[pos++];
        v |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalStateException("varint longer than 10 bytes");
    }

    int count(String what, int max) {
      long n = varint();
      if (n < 0 || n > max) {
        throw new IllegalStateException(what + " " + n + " out of range (max " + max + ")");
      }
      return (int) n;
    }

    byte[] bytes(int n) {
      if (n > raw.length - pos) {
        throw new IllegalStateException("length " + n + " past the end");
      }
      byte[] b = new byte[n];
      System.arraycopy(raw, pos, b, 0, n);
      pos += n;
      return b;
    }
  }
}
