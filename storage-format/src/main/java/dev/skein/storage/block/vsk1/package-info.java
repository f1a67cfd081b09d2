/**
 * Block format {@code vsk1}, frozen: once released, files written by this package must stay
 * readable, so changes that alter bytes go into a new package ({@code vsk2}). One Parquet row per
 * span sorted by trace id and start time, sharded bloom filters over trace ids, and the search
 * index of {@link dev.skein.storage.index}. See storage-format/RATIONALE.md.
 */
@NullMarked
package dev.skein.storage.block.vsk1;

import org.jspecify.annotations.NullMarked;
