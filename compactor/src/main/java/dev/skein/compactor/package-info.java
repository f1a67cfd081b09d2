/**
 * Compaction: {@link dev.skein.compactor.Compactor} plans jobs per tenant (same time window, level
 * and format), merges their blocks with a streaming k-way merge by trace id ({@link
 * dev.skein.compactor.BlockMerger}), commits the output before marking the inputs compacted,
 * expires blocks past retention, deletes compacted blocks after a grace period and writes each
 * tenant's index. Leases made of conditional puts let several compactors share one bucket.
 */
@NullMarked
package dev.skein.compactor;

import org.jspecify.annotations.NullMarked;
