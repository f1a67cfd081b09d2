package dev.skein.storage.index;

import com.github.luben.zstd.Zstd;
import dev.skein.storage.block.OwnedFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * Collects (scope, key, value) → row postings while a block is written and serializes them as
 * {@code search.idx}: an {@link OwnedFiles} frame around the raw length (int32) and the zstd
 * compressed body (per scope: keys, per key: values and their RoaringBitmaps). Memory is bounded: a
 * key stops collecting postings (and values) once it has more than {@code maxValuesPerKey} distinct
 * values, and at most {@link #MAX_KEYS_PER_SCOPE} keys per scope are tracked. Not thread-safe.
 */
public final class SearchIndexBuilder {

  /** Keys beyond this many per scope are ignored (neither listed nor indexed). */
  public static final int MAX_KEYS_PER_SCOPE = 10_000;

  /** Values longer than this (in chars) make their key unindexed. */
  public static final int MAX_VALUE_CHARS = 1_024;

  static final String FILE_NAME = "search.idx";
  static final int FILE_VERSION = 1;

  private final int maxValuesPerKey;
  private final EnumMap<TagScope, Map<String, @Nullable Map<TagValue, RoaringBitmap>>> keys =
      new EnumMap<>(TagScope.class);

  /** A builder indexing keys with at most {@code maxValuesPerKey} distinct values. */
  public SearchIndexBuilder(int maxValuesPerKey) {
    this.maxValuesPerKey = maxValuesPerKey;
    for (TagScope s : TagScope.values()) {
      keys.put(s, new HashMap<>());
    }
  }

  /** Records that {@code row} holds {@code value} under (scope, key). */
  public void add(TagScope scope, String key, TagValue value, int row) {
    Map<String, @Nullable Map<TagValue, RoaringBitmap>> byKey = keys.get(scope);
    Map<TagValue, RoaringBitmap> values = byKey.get(key);
    if (values == null) {
      if (byKey.containsKey(key) || byKey.size() >= MAX_KEYS_PER_SCOPE) {
        return; // over the limit: listed but not indexed, or not tracked at all
      }
      values = new HashMap<>();
      byKey.put(key, values);
    }
    RoaringBitmap rows = values.get(value);
    if (rows == null) {
      if (values.size() >= maxValuesPerKey || value.value().length() > MAX_VALUE_CHARS) {
        byKey.put(key, null); // high cardinality: drop postings, remember the key
        return;
      }
      rows = new RoaringBitmap();
      values.put(value, rows);
    }
    rows.add(row);
  }

  /** The {@code search.idx} bytes: framed, checksummed. */
  public byte[] serialize() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (TagScope scope : TagScope.values()) {
        TreeMap<String, @Nullable Map<TagValue, RoaringBitmap>> sorted =
            new TreeMap<>(keys.get(scope));
        out.writeInt(sorted.size());
        for (Map.Entry<String, @Nullable Map<TagValue, RoaringBitmap>> e : sorted.entrySet()) {
          out.writeUTF(e.getKey());
          Map<TagValue, RoaringBitmap> values = e.getValue();
          out.writeInt(values == null ? -1 : values.size());
          if (values == null) {
            continue;
          }
          for (Map.Entry<TagValue, RoaringBitmap> v : new TreeMap<>(values).entrySet()) {
            out.writeByte(v.getKey().type().ordinal());
            out.writeUTF(v.getKey().value());
            RoaringBitmap rows = v.getValue();
            rows.runOptimize();
            out.writeInt(rows.serializedSizeInBytes());
            rows.serialize(out);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] raw = bytes.toByteArray();
    byte[] zstd = Zstd.compress(raw, 3);
    ByteBuffer body = ByteBuffer.allocate(4 + zstd.length).putInt(raw.length).put(zstd);
    return OwnedFiles.frame(FILE_NAME, FILE_VERSION, body.array());
  }
}
