/**
 * The object store SPI: a raw byte store (get, ranged get, atomic put, put-if-absent, list, delete)
 * with one implementation per provider (local directory, S3-compatible) and decorators for caching
 * and metrics. Block semantics live above it, in {@code dev.skein.storage.block}.
 */
@NullMarked
package dev.skein.storage.backend;

import org.jspecify.annotations.NullMarked;
