package dev.skein.bench.ceiling;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * The compressed size of the same OTLP protobuf bytes, as one stream (what a columnar block could
 * at best approach without reordering) and request by request (what a client sending compressed
 * requests puts on the wire).
 */
public final class CompressionCeiling {

  /**
   * Sizes in bytes per span.
   *
   * @param raw uncompressed OTLP protobuf
   * @param zstd3Stream zstd level 3, all requests as one stream
   * @param zstd3PerRequest zstd level 3, each request alone
   * @param gzip6Stream deflate level 6 (gzip without its 18-byte frame), one stream
   */
  public record Result(
      double raw, double zstd3Stream, double zstd3PerRequest, double gzip6Stream) {}

  private CompressionCeiling() {}

  public static Result measure(List<byte[]> payloads, long spans) {
    if (spans <= 0) {
      throw new IllegalArgumentException("spans must be > 0, was " + spans);
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    long perRequest = 0;
    for (byte[] p : payloads) {
      all.writeBytes(p);
      perRequest += Zstd.compress(p, 3).length;
    }
    byte[] stream = all.toByteArray();
    long zstd = Zstd.compress(stream, 3).length;
    long gzip = deflate(stream);
    double s = spans;
    return new Result(stream.length / s, zstd / s, perRequest / s, gzip / s);
  }

  private static long deflate(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
    Deflater d = new Deflater(6, true);
    try (DeflaterOutputStream z = new DeflaterOutputStream(out, d, 1 << 16)) {
      z.write(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("deflate in memory", e);
    } finally {
      d.end();
    }
    return out.size();
  }
}
