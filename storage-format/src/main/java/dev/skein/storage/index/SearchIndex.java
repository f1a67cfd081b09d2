package dev.skein.storage.index;

import com.github.luben.zstd.ZstdInputStream;
import dev.skein.common.CorruptBlockException;
import dev.skein.storage.block.OwnedFiles;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * A block's search index, read from {@code search.idx}: for each (scope, key) the distinct values
 * and, per value, the bitmap of traces (ordinals in block order) with a span holding it, plus the
 * first span row of every trace to turn trace ordinals into row ranges. Keys with too many distinct
 * values are listed but not indexed: their lookups return empty and callers scan instead. Immutable
 * and thread-safe.
 */
public final class SearchIndex {
  /** Largest uncompressed search index read (1 GiB); larger declared lengths are corrupt. */
  public static final int MAX_UNCOMPRESSED_BYTES = 1 << 30;

  /** The object name inside a block directory. */
  public static final String OBJECT_NAME = SearchIndexBuilder.FILE_NAME;

  private final EnumMap<TagScope, TreeMap<String, @Nullable TreeMap<TagValue, RoaringBitmap>>> keys;

  /** First span row of each trace ordinal, plus the total row count at the end. */
  private final int[] firstRows;

  private SearchIndex(
      EnumMap<TagScope, TreeMap<String, @Nullable TreeMap<TagValue, RoaringBitmap>>> keys,
      int[] firstRows) {
    this.keys = keys;
    this.firstRows = firstRows;
  }

  /**
   * Parses {@code search.idx}.
   *
   * @throws CorruptBlockException naming the object and offset when the bytes fail a check
   */
  public static SearchIndex read(String objectKey, byte[] bytes) {
    ByteBuffer framed =
        OwnedFiles.unframe(
            objectKey, SearchIndexBuilder.FILE_NAME, SearchIndexBuilder.FILE_VERSION, bytes);
    int bodyStart = bytes.length - 4 - framed.remaining();
    ByteBuffer body = inflate(objectKey, bodyStart, framed);
    ByteBufferInput in = new ByteBufferInput(body);
    EnumMap<TagScope, TreeMap<String, @Nullable TreeMap<TagValue, RoaringBitmap>>> keys =
        new EnumMap<>(TagScope.class);
    int[] firstRows;
    try (DataInputStream data = new DataInputStream(in)) {
      int traces = data.readInt();
      int totalRows = data.readInt();
      if (traces < 0 || totalRows < traces) {
        throw new CorruptBlockException(objectKey, bodyStart, "bad trace/row counts");
      }
      if (traces > body.remaining() / 2) {
        // each trace takes at least 2 bytes below: never allocate for more than the bytes hold
        throw new CorruptBlockException(
            objectKey,
            bodyStart,
            "search index declares " + traces + " traces in " + body.remaining() + " bytes");
      }
      firstRows = new int[traces + 1];
      int previous = 0;
      for (int i = 0; i < traces; i++) {
        int delta = data.readUnsignedShort();
        if (delta == 0xffff) {
          delta = data.readInt();
        }
        previous += delta;
        firstRows[i] = previous;
      }
      firstRows[traces] = totalRows;
      for (TagScope scope : TagScope.values()) {
        TreeMap<String, @Nullable TreeMap<TagValue, RoaringBitmap>> byKey = new TreeMap<>();
        int keyCount = data.readInt();
        for (int i = 0; i < keyCount; i++) {
          String key = data.readUTF();
          int valueCount = data.readInt();
          if (valueCount < 0) {
            byKey.put(key, null);
            continue;
          }
          TreeMap<TagValue, RoaringBitmap> values = new TreeMap<>();
          for (int v = 0; v < valueCount; v++) {
            TagValue.Type type = TagValue.Type.values()[data.readUnsignedByte()];
            String value = data.readUTF();
            int len = data.readInt();
            if (len < 0 || len > body.remaining()) {
              throw new CorruptBlockException(
                  objectKey, bodyStart, "bitmap of " + len + " bytes past the end of the index");
            }
            RoaringBitmap rows = new RoaringBitmap();
            rows.deserialize(body.slice(body.position(), len));
            data.skipNBytes(len);
            values.put(new TagValue(type, value), rows);
          }
          byKey.put(key, values);
        }
        keys.put(scope, byKey);
      }
      if (body.hasRemaining()) {
        throw new CorruptBlockException(
            objectKey, bodyStart, "trailing bytes in search index at " + body.position());
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof CorruptBlockException c) {
        throw c;
      }
      throw new CorruptBlockException(
          objectKey,
          bodyStart,
          "malformed search index at uncompressed byte " + body.position() + ": " + e);
    }
    return new SearchIndex(keys, firstRows);
  }

  private static ByteBuffer inflate(String objectKey, int offset, ByteBuffer framed) {
    if (framed.remaining() < 4) {
      throw new CorruptBlockException(objectKey, offset, "search index body too short");
    }
    int rawLength = framed.getInt();
    if (rawLength < 0 || rawLength > MAX_UNCOMPRESSED_BYTES) {
      throw new CorruptBlockException(objectKey, offset, "bad search index length " + rawLength);
    }
    byte[] zstd = new byte[framed.remaining()];
    framed.get(zstd);
    // The declared length is only an upper bound: memory grows with what the bytes really inflate
    // to (readNBytes allocates in chunks), so a wrong header cannot allocate up to 1 GiB at once.
    byte[] raw;
    try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(zstd))) {
      raw = in.readNBytes(rawLength);
      if (raw.length != rawLength || in.read() != -1) {
        throw new CorruptBlockException(
            objectKey,
            offset,
            "search index declares "
                + rawLength
                + " uncompressed bytes, its "
                + zstd.length
                + " compressed bytes hold "
                + (raw.length == rawLength ? "more" : Integer.toString(raw.length)));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof CorruptBlockException c) {
        throw c;
      }
      // zstd-jni throws ZstdException ("Src size is incorrect") as well as IOExceptions (found by
      // BlockObjectsFuzzTest)
      throw new CorruptBlockException(
          objectKey, offset + 4, "search index does not decompress: " + e.getMessage());
    }
    return ByteBuffer.wrap(raw);
  }

  /** The keys of {@code scope}, sorted, whether indexed or not. */
  public List<String> tagNames(TagScope scope) {
    return List.copyOf(keys.get(scope).keySet());
  }

  /**
   * The distinct values of (scope, key), sorted by type then value; empty when the key is unknown
   * or has too many values to be indexed (see {@link #isIndexed}).
   */
  public List<TagValue> tagValues(TagScope scope, String key) {
    TreeMap<TagValue, RoaringBitmap> values = keys.get(scope).get(key);
    return values == null ? List.of() : List.copyOf(values.keySet());
  }

  /** Whether (scope, key) has postings; false for unknown and high-cardinality keys. */
  public boolean isIndexed(TagScope scope, String key) {
    return keys.get(scope).get(key) != null;
  }

  /** Whether the block has the key at all (indexed or not). */
  public boolean hasKey(TagScope scope, String key) {
    return keys.get(scope).containsKey(key);
  }

  /**
   * The ordinals (0-based, in block order) of the traces with a span holding {@code value} under
   * (scope, key): empty when the key is not indexed (the caller must scan), an empty bitmap when
   * the key is indexed but no trace holds the value, or the key is absent. A copy.
   */
  public Optional<RoaringBitmap> traces(TagScope scope, String key, TagValue value) {
    Map<String, @Nullable TreeMap<TagValue, RoaringBitmap>> byKey = keys.get(scope);
    Map<TagValue, RoaringBitmap> values = byKey.get(key);
    if (values == null) {
      // an absent key matches nothing; a present but unindexed key needs a scan
      return byKey.containsKey(key) ? Optional.empty() : Optional.of(new RoaringBitmap());
    }
    RoaringBitmap traces = values.get(value);
    return Optional.of(traces == null ? new RoaringBitmap() : traces.clone());
  }

  /**
   * The span rows of the traces {@link #traces} returns: candidates, a superset of the rows that
   * hold the value (every row of a matching trace), to scan with the predicate applied. Empty when
   * the key is not indexed.
   */
  public Optional<RoaringBitmap> rows(TagScope scope, String key, TagValue value) {
    return traces(scope, key, value).map(this::rowsOf);
  }

  /** The span rows of the given trace ordinals. */
  public RoaringBitmap rowsOf(RoaringBitmap traceOrdinals) {
    RoaringBitmap rows = new RoaringBitmap();
    traceOrdinals.forEach((int t) -> rows.add((long) firstRows[t], (long) firstRows[t + 1]));
    return rows;
  }

  /** The number of traces in the block. */
  public int traceCount() {
    return firstRows.length - 1;
  }

  /** The first span row of trace {@code ordinal}. */
  public int firstRow(int ordinal) {
    return firstRows[ordinal];
  }

  /** Every (key, value) pair of a scope with its row count, for diagnostics. */
  public List<String> describe(TagScope scope) {
    List<String> out = new ArrayList<>();
    keys.get(scope)
        .forEach(
            (k, v) -> out.add(k + (v == null ? " (not indexed)" : " " + v.size() + " values")));
    return Collections.unmodifiableList(out);
  }

  private static final class ByteBufferInput extends java.io.InputStream {
    private final ByteBuffer buf;

    ByteBufferInput(ByteBuffer buf) {
      this.buf = buf;
    }

    @Override
    public int read() {
      return buf.hasRemaining() ? buf.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (!buf.hasRemaining()) {
        return -1;
      }
      int n = Math.min(len, buf.remaining());
      buf.get(b, off, n);
      return n;
    }

    @Override
    public long skip(long n) {
      int k = (int) Math.max(0, Math.min(n, buf.remaining()));
      buf.position(buf.position() + k);
      return k;
    }
  }
}
