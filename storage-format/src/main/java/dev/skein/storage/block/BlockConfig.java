package dev.skein.storage.block;

/**
 * How blocks are written. Immutable; the compact constructor rejects invalid values, naming the
 * property.
 *
 * @param rowGroupBytes target size of a Parquet row group (buffered, uncompressed estimate)
 * @param pageBytes target size of a Parquet data page; smaller pages make trace-by-id read less
 * @param pageRowLimit most rows per data page, so the page index stays fine-grained
 * @param bloomFalsePositiveRate the trace-id bloom filters' false-positive rate, in (0, 1)
 * @param bloomShardBytes target size of one bloom shard object
 * @param maxIndexedValuesPerKey attribute keys with more distinct values than this get no search
 *     index postings and no value dictionary (high cardinality; search scans them instead)
 * @param zstdLevel the zstd compression level of data pages
 * @param rowGroupRows most span rows per Parquet row group: what bounds a trace-by-id's bytes,
 *     since parquet-java's buffered-size estimate ({@code rowGroupBytes}) counts dictionary-encoded
 *     values uncompressed only until their page is flushed and so varies several-fold with the
 *     schema
 */
public record BlockConfig(
    long rowGroupBytes,
    int pageBytes,
    int pageRowLimit,
    double bloomFalsePositiveRate,
    int bloomShardBytes,
    int maxIndexedValuesPerKey,
    int zstdLevel,
    int rowGroupRows) {

  /**
   * 8 MiB of parquet-java's buffered estimate, an upper bound only: on vsk1's schema the row limit
   * ({@link #DEFAULT_ROW_GROUP_ROWS}) is what closes row groups; see RATIONALE.md.
   */
  public static final long DEFAULT_ROW_GROUP_BYTES = 8L << 20;

  /**
   * At most 32,768 span rows per row group (~0.9 MB compressed on the bench workload): a
   * trace-by-id reads about one row group's worth of pages in one request; larger row groups
   * amortize per-row-group dictionaries and chunk metadata (RATIONALE.md, "Size against the
   * targets").
   */
  public static final int DEFAULT_ROW_GROUP_ROWS = 32_768;

  /** 1 MiB pages (Parquet's default): 64 KiB pages made blocks 10% bigger. */
  public static final int DEFAULT_PAGE_BYTES = 1 << 20;

  /** At most 20,000 rows per page (Parquet's default); 200 made blocks 60% bigger. */
  public static final int DEFAULT_PAGE_ROW_LIMIT = 20_000;

  /** 1% false positives, as Tempo. */
  public static final double DEFAULT_BLOOM_FALSE_POSITIVE_RATE = 0.01;

  /** 100 KiB per bloom shard, as Tempo. */
  public static final int DEFAULT_BLOOM_SHARD_BYTES = 100 << 10;

  /** Keys with up to 1,000 distinct values in a block are indexed. */
  public static final int DEFAULT_MAX_INDEXED_VALUES_PER_KEY = 1_000;

  /** zstd level 3, the library default. */
  public static final int DEFAULT_ZSTD_LEVEL = 3;

  /** Validates every field. */
  public BlockConfig {
    check(rowGroupBytes >= 64 << 10, "row-group-bytes", ">= 65536", rowGroupBytes);
    check(pageBytes >= 1024, "page-bytes", ">= 1024", pageBytes);
    check(pageRowLimit >= 1, "page-row-limit", ">= 1", pageRowLimit);
    check(
        bloomFalsePositiveRate > 0 && bloomFalsePositiveRate < 1,
        "bloom-false-positive-rate",
        "in (0, 1)",
        bloomFalsePositiveRate);
    check(bloomShardBytes >= 64, "bloom-shard-bytes", ">= 64", bloomShardBytes);
    check(
        maxIndexedValuesPerKey >= 0, "max-indexed-values-per-key", ">= 0", maxIndexedValuesPerKey);
    check(zstdLevel >= 1 && zstdLevel <= 22, "zstd-level", "in [1, 22]", zstdLevel);
    check(rowGroupRows >= 1, "row-group-rows", ">= 1", rowGroupRows);
  }

  /** A config with the default {@link #DEFAULT_ROW_GROUP_ROWS row-group row limit}. */
  public BlockConfig(
      long rowGroupBytes,
      int pageBytes,
      int pageRowLimit,
      double bloomFalsePositiveRate,
      int bloomShardBytes,
      int maxIndexedValuesPerKey,
      int zstdLevel) {
    this(
        rowGroupBytes,
        pageBytes,
        pageRowLimit,
        bloomFalsePositiveRate,
        bloomShardBytes,
        maxIndexedValuesPerKey,
        zstdLevel,
        DEFAULT_ROW_GROUP_ROWS);
  }

  /** The defaults. */
  public static BlockConfig defaults() {
    return new BlockConfig(
        DEFAULT_ROW_GROUP_BYTES,
        DEFAULT_PAGE_BYTES,
        DEFAULT_PAGE_ROW_LIMIT,
        DEFAULT_BLOOM_FALSE_POSITIVE_RATE,
        DEFAULT_BLOOM_SHARD_BYTES,
        DEFAULT_MAX_INDEXED_VALUES_PER_KEY,
        DEFAULT_ZSTD_LEVEL,
        DEFAULT_ROW_GROUP_ROWS);
  }

  /** A copy with another row-group size. */
  public BlockConfig withRowGroupBytes(long bytes) {
    return new BlockConfig(
        bytes,
        pageBytes,
        pageRowLimit,
        bloomFalsePositiveRate,
        bloomShardBytes,
        maxIndexedValuesPerKey,
        zstdLevel,
        rowGroupRows);
  }

  /** A copy with another row-group row limit. */
  public BlockConfig withRowGroupRows(int rows) {
    return new BlockConfig(
        rowGroupBytes,
        pageBytes,
        pageRowLimit,
        bloomFalsePositiveRate,
        bloomShardBytes,
        maxIndexedValuesPerKey,
        zstdLevel,
        rows);
  }

  /** A copy with another bloom shard size. */
  public BlockConfig withBloomShardBytes(int bytes) {
    return new BlockConfig(
        rowGroupBytes,
        pageBytes,
        pageRowLimit,
        bloomFalsePositiveRate,
        bytes,
        maxIndexedValuesPerKey,
        zstdLevel,
        rowGroupRows);
  }

  private static void check(boolean ok, String property, String expected, Object actual) {
    if (!ok) {
      throw new IllegalArgumentException(
          "skein.block." + property + " must be " + expected + ", was " + actual);
    }
  }
}
