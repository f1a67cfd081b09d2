package dev.skein.storage.block.vsk1;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.Arrays;
import java.util.HashMap;
import org.apache.parquet.io.api.Binary;

/**
 * One {@link Binary} per distinct serialized group header ({@code resource} and {@code scope}
 * column values) for a whole block, not one per trace. Every trace's headers are serialized anew
 * from its own parse, so without this each span's value reached Parquet's dictionary writer as a
 * fresh array, and the dictionary compared it byte by byte with its key (hundreds of bytes for a
 * resource, on every span; part of the 6–7 % of a flush thread's samples in {@code Binary.equals}).
 * The dictionary keeps the first {@code Binary} of a value as its key and two binaries over the
 * same array compare equal at once. The bytes written are the same; {@link #unshared()} is the
 * reference path that tests compare with.
 *
 * <p>{@link #of(Message)} finds a header's binary by the message itself (protobuf's generated
 * {@code hashCode}, memoized, and {@code equals}), so a header equal to an earlier one is not
 * serialized again: serializing each trace's resource was ~3 % of a flush thread's CPU. Equal
 * messages of these types (no map fields) serialize to equal bytes.
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} distinct headers and {@link #MAX_BYTES} of them are
 * kept, by bytes and by message each; past that a header is passed through as it is. Not
 * thread-safe.
 */
final class HeaderBinaries {

  /** Distinct headers kept at most. */
  static final int MAX_ENTRIES = 4096;

  /** Bytes of headers kept at most. */
  static final long MAX_BYTES = 4L << 20;

  private final HashMap<Key, Binary> shared;
  private long bytes;

  /**
   * Binaries by header message; the keys are copies parsed from the serialized bytes, so that they
   * never hold on to the buffers that the writer's messages were parsed from (with aliasing).
   */
  private final HashMap<Message, Binary> byMessage;

  private long messageBytes;

  private HeaderBinaries(boolean share) {
    this.shared = share ? new HashMap<>() : null;
    this.byMessage = share ? new HashMap<>() : null;
  }

  /** Equal headers share one binary. */
  static HeaderBinaries shared() {
    return new HeaderBinaries(true);
  }

  /** A binary per call, as before sharing. */
  static HeaderBinaries unshared() {
    return new HeaderBinaries(false);
  }

  /** The constant binary of {@code header} serialized, shared with earlier equal headers. */
  Binary of(Message header) {
    if (byMessage == null) {
      return Binary.fromConstantByteArray(header.toByteArray());
    }
    Binary b = byMessage.get(header);
    if (b != null) {
      return b;
    }
    byte[] serialized = header.toByteArray();
    b = of(serialized);
    if (byMessage.size() < MAX_ENTRIES && messageBytes + serialized.length <= MAX_BYTES) {
      byMessage.put(copy(header, serialized), b);
      messageBytes += serialized.length;
    }
    return b;
  }

  private static Message copy(Message header, byte[] serialized) {
    try {
      return header.getParserForType().parseFrom(serialized);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("header does not parse back: " + header, e);
    }
  }

  /** The constant binary of {@code serialized}, shared with earlier equal headers. */
  Binary of(byte[] serialized) {
    if (shared == null) {
      return Binary.fromConstantByteArray(serialized);
    }
    Key key = new Key(serialized);
    Binary b = shared.get(key);
    if (b == null) {
      b = Binary.fromConstantByteArray(serialized);
      if (shared.size() < MAX_ENTRIES && bytes + serialized.length <= MAX_BYTES) {
        shared.put(key, b);
        bytes += serialized.length;
      }
    }
    return b;
  }

  /** Bytes as a hash key ({@link Arrays#hashCode(byte[])} and {@code equals} are vectorised). */
  private static final class Key {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
