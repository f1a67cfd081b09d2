package dev.skein.storage.block.vsk1;

/**
 * Bounds of a block's span-shape table ({@link ShapeBuilder}). A column stays in the shape while
 * the block has seen at most its limit of distinct values in it; from the first row with one more,
 * its values go to the real column for the rest of the block. The table stops growing at {@code
 * maxShapes} entries or {@code maxBytes} of values, after which rows whose tuple is not in it yet
 * take shape 0 ({@link ShapeTable#ALL_IN_COLUMNS}): every value in its real column, which is the
 * size of a block without shapes. So a workload where every key is high-cardinality degrades to
 * today's size and the table stays bounded.
 *
 * @param attributeValues distinct values an attribute column (dedicated or slot) may have in the
 *     shape
 * @param intrinsicValues distinct values an intrinsic column (name, kind, resource, …) may have
 * @param maxShapes largest number of table entries, shape 0 included
 * @param maxBytes largest sum of the value bytes of the table's distinct values (its size before
 *     compression is at most about this plus 2 bytes per cell)
 */
record ShapeLimits(int attributeValues, int intrinsicValues, int maxShapes, long maxBytes) {

  /**
   * Defaults: 16 values per attribute column is where the estimate on the bench workload had the
   * largest saving (docs/performance.md, "Fourth size pass": 64 multiplies the tuples and saves
   * less); intrinsics get more room because they are the kind of span itself.
   */
  static final ShapeLimits DEFAULT = new ShapeLimits(16, 256, 16_384, 4L << 20);

  /** No shapes: every row takes shape 0 (the writer's switch for differential tests). */
  static final ShapeLimits NONE = new ShapeLimits(0, 0, 1, 0);

  ShapeLimits {
    if (attributeValues < 0 || intrinsicValues < 0 || maxShapes < 1 || maxBytes < 0) {
      throw new IllegalArgumentException(
          "shape limits must be >= 0 (maxShapes >= 1): "
              + attributeValues
              + ", "
              + intrinsicValues
              + ", "
              + maxShapes
              + ", "
              + maxBytes);
    }
  }

  /** Distinct values {@code column} may have in the shape. */
  int values(ShapeColumn column) {
    return column.intrinsic() ? intrinsicValues : attributeValues;
  }

  /** Whether any row can have a shape other than 0. */
  boolean enabled() {
    return maxShapes > 1;
  }
}
