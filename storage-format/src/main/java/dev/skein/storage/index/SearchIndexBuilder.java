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
 * Collects (scope, key, value) → trace postings while a block is written and serializes them as
 * {@code search.idx}: an {@link OwnedFiles} frame around the raw length (int32) and the zstd
 * compressed body (trace count, row count, each trace's first row as a delta, then per scope: keys,
 * per key: values and the RoaringBitmap of trace ordinals holding them). Postings point at traces
 * rather than span rows: a trace holds each value once however many spans carry it, which makes the
 * index about 4x smaller; the trace → first-row table turns them into row ranges. Memory is
 * bounded: a key stops collecting postings (and values) once it has more than {@code
 * maxValuesPerKey} distinct values, and at most {@link #MAX_KEYS_PER_SCOPE} keys per scope are
 * tracked. Not thread-safe.
 */
public final class SearchIndexBuilder {

  /** Keys beyond this many per scope are ignored (neither listed nor indexed). */
  public static final int MAX_KEYS_PER_SCOPE = 10_000;

  /** Values longer than this (in chars) make their key unindexed. */
  public static final int MAX_VALUE_CHARS = 1_024;

  static final String FILE_NAME = "search.idx";
  static final int FILE_VERSION = 1;

  private final int maxValuesPerKey;
  private int[] firstRows = new int[1024];
  private int traceCount;
  private final EnumMap<TagScope, Map<String, KeyPostings>> keys = new EnumMap<>(TagScope.class);

  /** A builder indexing keys with at most {@code maxValuesPerKey} distinct values. */
  public SearchIndexBuilder(int maxValuesPerKey) {
    this.maxValuesPerKey = maxValuesPerKey;
    for (TagScope s : TagScope.values()) {
      keys.put(s, new HashMap<>());
    }
  }

  /**
   * Starts trace {@code ordinal} (0, 1, 2… in block order) at span row {@code firstRow}. Call once
   * per trace, in order, before adding its values.
   */
  public void startTrace(int ordinal, int firstRow) {
    if (ordinal != traceCount) {
      throw new IllegalArgumentException("trace ordinal " + ordinal + ", expected " + traceCount);
    }
    if (traceCount == firstRows.length) {
      firstRows = java.util.Arrays.copyOf(firstRows, firstRows.length * 2);
    }
    firstRows[traceCount++] = firstRow;
  }

  /** Records that a span of trace {@code ordinal} holds {@code value} under (scope, key). */
  public void add(TagScope scope, String key, TagValue value, int ordinal) {
    add(scope, key, value.type(), value.value(), ordinal);
  }

  /**
   * Records that a span of trace {@code ordinal} holds the value {@code value} of type {@code type}
   * (in {@link TagValue}'s canonical text) under (scope, key); {@link #add(TagScope, String,
   * TagValue, int)} without making the {@code TagValue}.
   */
  public void add(TagScope scope, String key, TagValue.Type type, String value, int ordinal) {
    Postings traces = postings(scope, key, type, value);
    if (traces != null) {
      traces.post(ordinal);
    }
  }

  /**
   * Adds the postings of another block's index for the traces copied from it: its trace {@code t}
   * is trace {@code ordinals[t]} here, or was not copied when that is negative (or past the array).
   * Keys it lists unindexed are listed unindexed here. The result is what adding the copied traces'
   * values one by one gives: the caps depend only on the set of distinct values.
   */
  public void addAll(SearchIndex other, int[] ordinals) {
    for (TagScope scope : TagScope.values()) {
      for (String key : other.tagNames(scope)) {
        if (!other.isIndexed(scope, key)) {
          addUnindexable(scope, key);
          continue;
        }
        for (TagValue value : other.tagValues(scope, key)) {
          RoaringBitmap mapped = new RoaringBitmap();
          other
              .traces(scope, key, value)
              .orElseThrow()
              .forEach(
                  (int t) -> {
                    if (t < ordinals.length && ordinals[t] >= 0) {
                      mapped.add(ordinals[t]);
                    }
                  });
          if (!mapped.isEmpty()) {
            Postings traces = postings(scope, key, value.type(), value.value());
            if (traces != null) {
              traces.or(mapped);
            }
          }
        }
      }
    }
  }

  /** The postings to add to for (scope, key, type, value), or null when the key is not indexed. */
  private @Nullable Postings postings(
      TagScope scope, String key, TagValue.Type type, String value) {
    Map<String, KeyPostings> byKey = keys.get(scope);
    KeyPostings values = byKey.get(key);
    if (values == null) {
      if (byKey.size() >= MAX_KEYS_PER_SCOPE) {
        return null; // over the limit: not tracked at all
      }
      values = new KeyPostings();
      byKey.put(key, values);
    }
    int h = KeyPostings.hash(type, value);
    Postings traces = values.get(type, value, h);
    if (traces == null) {
      if (!values.indexed()) {
        return null;
      }
      if (values.size() >= maxValuesPerKey || value.length() > MAX_VALUE_CHARS) {
        values.unindex(); // high cardinality: drop postings, remember the key
        return null;
      }
      traces = new Postings(type, value, h);
      values.put(traces);
    }
    return traces;
  }

  /**
   * Records that a span holds a value under (scope, key) that the index cannot post (an array,
   * bytes or a key-value list, which TraceQL still compares with scalars): the key is then listed
   * but unindexed, like a high-cardinality key, so that no lookup misses that span.
   */
  public void addUnindexable(TagScope scope, String key) {
    Map<String, KeyPostings> byKey = keys.get(scope);
    KeyPostings values = byKey.get(key);
    if (values == null && byKey.size() < MAX_KEYS_PER_SCOPE) {
      values = new KeyPostings();
      byKey.put(key, values);
    }
    if (values != null) {
      values.unindex();
    }
  }

  /**
   * The {@code search.idx} bytes: framed, checksummed.
   *
   * @param totalRows the block's span row count (ends the last trace's row range)
   */
  public byte[] serialize(int totalRows) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(traceCount);
      out.writeInt(totalRows);
      int previous = 0;
      for (int i = 0; i < traceCount; i++) {
        out.writeShort(Math.min(0xffff, firstRows[i] - previous)); // spans of the previous trace
        if (firstRows[i] - previous >= 0xffff) {
          out.writeInt(firstRows[i] - previous);
        }
        previous = firstRows[i];
      }
      for (TagScope scope : TagScope.values()) {
        TreeMap<String, KeyPostings> sorted = new TreeMap<>(keys.get(scope));
        out.writeInt(sorted.size());
        for (Map.Entry<String, KeyPostings> e : sorted.entrySet()) {
          out.writeUTF(e.getKey());
          KeyPostings values = e.getValue();
          out.writeInt(values.indexed() ? values.size() : -1);
          if (!values.indexed()) {
            continue;
          }
          for (Postings v : values.sorted()) {
            out.writeByte(v.type.ordinal());
            out.writeUTF(v.value);
            RoaringBitmap rows = v.bitmap();
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
