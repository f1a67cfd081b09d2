package dev.skein.storage.block.vsk1;

/** One condition evaluated on the column values of the current row of a {@link TraceFilterScan}. */
interface RowTest {

  /** Whether the current row may satisfy the condition (false only when it surely does not). */
  boolean test();
}
