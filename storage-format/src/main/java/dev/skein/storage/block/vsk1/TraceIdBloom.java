package dev.skein.storage.block.vsk1;

import dev.skein.storage.block.OwnedFiles;
import dev.skein.trace.TraceId;
import java.nio.ByteBuffer;

/**
 * One shard of vsk1's sharded bloom filter over trace ids: a plain m-bit, k-hash filter using
 * double hashing of the two halves of the id (ids are random, so a cheap 64-bit mix is enough). A
 * trace id belongs to shard {@link #shardOf}. Immutable after building; thread-safe for reads.
 *
 * <p>Object {@code bloom-<n>}: {@link OwnedFiles} frame "bloom" v1 around k (int32), bit count
 * (int32, a multiple of 64) and the bit words (int64 each, big-endian).
 */
final class TraceIdBloom {

  static final String FILE_NAME = "bloom";
  static final int FILE_VERSION = 1;
  static final int MAX_SHARDS = 1000;

  private final int k;
  private final long bits;
  private final long[] words;

  private TraceIdBloom(int k, long[] words) {
    this.k = k;
    this.words = words;
    this.bits = (long) words.length * 64;
  }

  /** A filter sized for {@code expected} ids at false-positive rate {@code fpp}. */
  static TraceIdBloom create(long expected, double fpp) {
    long n = Math.max(1, expected);
    double m = -n * Math.log(fpp) / (Math.log(2) * Math.log(2));
    int wordCount = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 64, Math.ceil(m / 64)));
    int k = (int) Math.max(1, Math.min(30, Math.round((double) wordCount * 64 / n * Math.log(2))));
    return new TraceIdBloom(k, new long[wordCount]);
  }

  /** How many shards of about {@code shardBytes} a block of {@code traces} ids needs. */
  static int shardCount(long traces, double fpp, int shardBytes) {
    double bits = -Math.max(1, traces) * Math.log(fpp) / (Math.log(2) * Math.log(2));
    long shards = (long) Math.ceil(bits / 8 / shardBytes);
    return (int) Math.max(1, Math.min(MAX_SHARDS, shards));
  }

  /** The shard holding {@code id}, in [0, shards). */
  static int shardOf(TraceId id, int shards) {
    return (int) Long.remainderUnsigned(mix(id.high() * 0x9E3779B97F4A7C15L ^ id.low()), shards);
  }

  void add(TraceId id) {
    long h1 = mix(id.high());
    long h2 = mix(id.low()) | 1;
    for (int i = 0; i < k; i++) {
      long bit = Long.remainderUnsigned(h1 + i * h2, bits);
      words[(int) (bit >>> 6)] |= 1L << bit;
    }
  }

  boolean mightContain(TraceId id) {
    long h1 = mix(id.high());
    long h2 = mix(id.low()) | 1;
    for (int i = 0; i < k; i++) {
      long bit = Long.remainderUnsigned(h1 + i * h2, bits);
      if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  byte[] serialize() {
    ByteBuffer buf = ByteBuffer.allocate(8 + words.length * 8);
    buf.putInt(k).putInt((int) bits);
    for (long w : words) {
      buf.putLong(w);
    }
    return OwnedFiles.frame(FILE_NAME, FILE_VERSION, buf.array());
  }

  /**
   * Reads a shard.
   *
   * @throws dev.skein.common.CorruptBlockException when the frame or the body is inconsistent
   */
  static TraceIdBloom deserialize(String objectKey, byte[] bytes) {
    ByteBuffer body = OwnedFiles.unframe(objectKey, FILE_NAME, FILE_VERSION, bytes);
    if (body.remaining() < 8) {
      throw new dev.skein.common.CorruptBlockException(objectKey, 0, "bloom body too short");
    }
    int k = body.getInt();
    int bits = body.getInt();
    if (k < 1 || k > 30 || bits <= 0 || bits % 64 != 0 || body.remaining() != bits / 8) {
      throw new dev.skein.common.CorruptBlockException(
          objectKey, 0, "bloom header inconsistent: k=" + k + " bits=" + bits);
    }
    long[] words = new long[bits / 64];
    for (int i = 0; i < words.length; i++) {
      words[i] = body.getLong();
    }
    return new TraceIdBloom(k, words);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
