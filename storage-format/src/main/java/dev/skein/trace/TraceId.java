package dev.skein.trace;

import com.google.protobuf.ByteString;
import dev.skein.common.InvalidRequestException;
import java.util.HexFormat;

/**
 * A 128-bit trace id held as two longs, ordered as unsigned big-endian bytes (the order blocks are
 * sorted in). Immutable and thread-safe; cheap to hash and compare.
 *
 * @param high the first 8 bytes, big-endian
 * @param low the last 8 bytes, big-endian
 */
public record TraceId(long high, long low) implements Comparable<TraceId> {

  /** Length of a trace id in bytes. */
  public static final int BYTES = 16;

  private static final HexFormat HEX = HexFormat.of();

  /**
   * Reads a trace id from exactly 16 bytes.
   *
   * @throws IllegalArgumentException when {@code bytes} is not 16 long
   */
  public static TraceId fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("trace id must be 16 bytes, was " + bytes.length);
    }
    return new TraceId(readLong(bytes, 0), readLong(bytes, 8));
  }

  /**
   * Reads a trace id from an OTLP {@code trace_id} field.
   *
   * @throws IllegalArgumentException when it is not 16 bytes long
   */
  public static TraceId fromByteString(ByteString bytes) {
    if (bytes.size() != BYTES) {
      throw new IllegalArgumentException("trace id must be 16 bytes, was " + bytes.size());
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes.byteAt(i) & 0xff);
      low = (low << 8) | (bytes.byteAt(8 + i) & 0xff);
    }
    return new TraceId(high, low);
  }

  /**
   * Parses a hex trace id as URLs carry it: 1 to 32 hex digits, upper or lower case, left-padded
   * with zeros when shorter than 32 (as Tempo does).
   *
   * @throws InvalidRequestException saying what is wrong with the id
   */
  public static TraceId parseHex(String hex) {
    if (hex.isEmpty()) {
      throw new InvalidRequestException("trace id is empty");
    }
    if (hex.length() > 32) {
      throw new InvalidRequestException(
          "trace id '" + abbreviate(hex) + "' is " + hex.length() + " hex characters, at most 32");
    }
    for (int i = 0; i < hex.length(); i++) {
      // ASCII only: Character.digit also accepts other scripts' digits, e.g. U+06F0 (fuzz)
      if (!isAsciiHex(hex.charAt(i))) {
        throw new InvalidRequestException(
            "trace id '"
                + abbreviate(hex)
                + "' is not hex: character '"
                + hex.charAt(i)
                + "' at position "
                + i);
      }
    }
    String padded = "0".repeat(32 - hex.length()) + hex;
    return new TraceId(
        Long.parseUnsignedLong(padded, 0, 16, 16), Long.parseUnsignedLong(padded, 16, 32, 16));
  }

  /** Whether every bit is zero, which OTLP forbids. */
  public boolean isZero() {
    return high == 0 && low == 0;
  }

  /** The 16 big-endian bytes. */
  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    writeLong(out, 0, high);
    writeLong(out, 8, low);
    return out;
  }

  /** The id as an OTLP {@code trace_id} field. */
  public ByteString toByteString() {
    return ByteString.copyFrom(toBytes());
  }

  /** 32 lower-case hex digits. */
  public String toHex() {
    return HEX.toHexDigits(high) + HEX.toHexDigits(low);
  }

  @Override
  public int compareTo(TraceId o) {
    int c = Long.compareUnsigned(high, o.high);
    return c != 0 ? c : Long.compareUnsigned(low, o.low);
  }

  @Override
  public String toString() {
    return toHex();
  }

  private static boolean isAsciiHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static long readLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  private static void writeLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }
}
