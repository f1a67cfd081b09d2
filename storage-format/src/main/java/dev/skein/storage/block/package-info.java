/**
 * Block semantics above the raw {@link dev.skein.storage.backend.ObjectStore}: the version-neutral
 * API ({@link dev.skein.storage.block.BlockFormat}, {@link dev.skein.storage.block.BlockWriter},
 * {@link dev.skein.storage.block.BlockReader}, {@link dev.skein.storage.block.BlockMeta}) and the
 * {@link dev.skein.storage.block.BlockFormats} registry that maps the version recorded in {@code
 * meta.json} to one frozen implementation package ({@code vsk1}, later {@code vsk2}...).
 */
@NullMarked
package dev.skein.storage.block;

import org.jspecify.annotations.NullMarked;
