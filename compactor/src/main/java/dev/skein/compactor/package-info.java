/**
 * Compaction: planning, streaming k-way merge of blocks, retention and the tenant index.
 *
 * <p>Nothing here yet: this package is delivered by issue #6.
 */
@NullMarked
package dev.skein.compactor;

import org.jspecify.annotations.NullMarked;
